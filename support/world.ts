import { World, type IWorldOptions } from '@cucumber/cucumber';
import { acksOf, finalResponsesTo, requestsAfter, responseTo } from './exchange';
import { headerValue } from './sip/sip-parser';
import { MockImServer, type InviteScript } from './im-server/mock-im-server';
import type { RecordedMessage, Transport } from './sip/recorded-message';
import type { KeptClientPool } from './sut/kept-client-pool';
import { SutStartError, type ActionReply, type SutAdapter, type SutEnvironment, type SutSession } from './sut/sut-adapter';
import { loadSutProfile, type SutProfile } from './sut/sut-profile';
import { findRequirement } from './requirements';
import { adapterFor, DIRECT_IM_SERVER_HOST, startTestBed } from './test-bed';
import type { Finding } from './verdict';
import { applyWaivers } from './waivers';
import { uncataloguedPairs } from './checks/sub-checks';
import { evidenceBundle } from './evidence/evidence-bundle';
import { ConformanceFailure, Inconclusive } from './verdict-errors';

let cachedProfile: SutProfile | undefined;

/** The run's SUT profile, read and validated once per process (the World and the hooks share it). */
export function suiteProfile(): SutProfile {
  return (cachedProfile ??= loadSutProfile());
}

/**
 * One scenario's state and evidence: the test bed it started, what it asked the client, and the
 * findings of the checks. Nothing is shared between scenarios.
 */
export class ConformanceWorld extends World {
  readonly profile: SutProfile = suiteProfile();
  /** Requirement ids the scenario is tagged with. */
  requirementIds: string[] = [];
  transport: Transport = this.profile.ics.transports[0];
  conference?: string;
  readonly script: Partial<InviteScript> = {};
  server?: MockImServer;
  /** The IM Server's own address, apart from the SIP/IP Core (RJ-04): nothing should arrive here. */
  directServer?: MockImServer;
  sut?: SutSession;
  /** What the client was told at start (its outbound proxy, its addresses). */
  env?: SutEnvironment;
  /** What the client answered to `state` just before the leave, when it answers `state`. */
  stateBeforeLeave?: ActionReply['state'];
  private readonly sequence = { next: 1 };
  clientStartLog?: string;
  readonly findings: Finding[] = [];
  readonly replies: Array<Promise<ActionReply>> = [];
  /** How many messages of the trace the last attached evidence covered. */
  private evidenceCovers?: number;

  private readonly adapter: SutAdapter;

  constructor(options: IWorldOptions, clients: KeptClientPool) {
    super(options);
    this.adapter = adapterFor(this.profile, clients);
  }

  /** Starts the IM Server and the client; a client that does not start makes the verdict INCONC. */
  async startTestBed(conference: string): Promise<void> {
    if (this.server) return;
    const bed = await startTestBed(this.profile, this.adapter, this.transport, conference, this.script, this.sequence);
    this.server = bed.server;
    this.sut = bed.sut;
    this.env = bed.env;
    if (bed.startError) {
      this.clientStartLog = bed.startError instanceof SutStartError ? bed.startError.log : undefined;
      this.inconclusive(`the client under test did not start: ${bed.startError.message}`);
    }
  }

  /** Everything that crossed the wire in this scenario, at every address of the test bed, in order. */
  get trace(): RecordedMessage[] {
    return [...(this.server?.trace ?? []), ...(this.directServer?.trace ?? [])].sort((a, b) => a.seq - b.seq);
  }

  /**
   * Starts an IM Server listener at its own loopback address and makes the conference live
   * there, so a client that bypasses its outbound proxy is seen doing it (RJ-04).
   */
  async hostConferenceAtImServer(user: string): Promise<string> {
    this.directServer = await MockImServer.start({ host: DIRECT_IM_SERVER_HOST, sequence: this.sequence, t1Ms: this.profile.ixit.t1Ms });
    this.conference = `sip:${user}@${DIRECT_IM_SERVER_HOST}:${this.directServer.port}`;
    return this.conference;
  }

  /** The first message from the client at any test-bed address that matches, or undefined. */
  async fromClient(predicate: (m: RecordedMessage) => boolean, timeoutMs: number): Promise<RecordedMessage | undefined> {
    const servers = [this.server, this.directServer].filter((s): s is MockImServer => s !== undefined);
    const match = (m: RecordedMessage): boolean => m.direction === 'from-client' && m.protocol === undefined && predicate(m);
    if (servers.length === 0) return undefined;
    return new Promise((resolve) => {
      let waiting = servers.length;
      for (const server of servers) {
        void server.waitFor(match, timeoutMs).then((m) => {
          if (m) resolve(m);
          else if (--waiting === 0) resolve(undefined);
        });
      }
    });
  }

  /** The user asks the client to rejoin; the reply is evidence, the verdict comes from the wire. */
  async askToRejoin(conference: string): Promise<void> {
    await this.startTestBed(conference);
    this.replies.push(this.sut!.rejoin(conference, this.profile.ixit.inviteTimeoutMs + 35_000));
  }

  /**
   * The client's rejoin INVITE, or the first message from it that does not parse (that is judged
   * too, never waited past). Silence is INCONC: the requirement could not be judged.
   */
  async rejoinInvite(): Promise<RecordedMessage> {
    const timeout = this.profile.ixit.inviteTimeoutMs;
    const isInvite = (m: RecordedMessage): boolean => m.parseError !== undefined || m.sip?.method === 'INVITE';
    // A client that reports the rejoin failed before anything arrived is not waited for.
    const failedEarly = (this.replies[0] ?? new Promise<never>(() => undefined)).then((r) => (r.ok ? new Promise<never>(() => undefined) : r));
    const first = await Promise.race([this.fromClient(isInvite, timeout), failedEarly]);
    const invite = first && 'seq' in first ? first : this.trace.find((m) => m.direction === 'from-client' && isInvite(m));
    if (!invite) {
      const gone = this.sut?.exited();
      const said = first && !('seq' in first) ? `the client reported the rejoin failed ("${first.error ?? 'no reason'}")` : undefined;
      this.inconclusive(
        said ? `${said} and sent no INVITE to the SIP/IP Core` : gone ? `the client ${gone} without sending an INVITE` : `the client sent no INVITE within ${timeout} ms`,
      );
    }
    return invite;
  }

  /** The final responses the test bed sent to the INVITE (each 2xx copy so far); INCONC if none comes. */
  async finalsTo(invite: RecordedMessage): Promise<RecordedMessage[]> {
    const isFinal = (m: RecordedMessage): boolean => finalResponsesTo([m], invite).length > 0;
    const servers = [this.server, this.directServer].filter((s): s is MockImServer => s !== undefined);
    await Promise.race(servers.map((s) => s.waitFor(isFinal, this.profile.ixit.eventTimeoutMs)));
    const finals = finalResponsesTo(this.trace, invite);
    if (finals.length === 0) this.inconclusive(`the test bed sent no final response to the INVITE (message #${invite.seq})`);
    return finals;
  }

  /**
   * The 2xx the test bed sent to the INVITE; INCONC when it answered otherwise, naming why (a
   * datagram shorter than its Content-Length gets 400, and RJ-01 FAILs that).
   */
  async okTo(invite: RecordedMessage): Promise<RecordedMessage> {
    const finals = await this.finalsTo(invite);
    const ok = finals.find((f) => (f.sip?.status ?? 0) >= 200 && (f.sip?.status ?? 0) < 300);
    if (!ok) {
      const first = finals[0].sip!;
      const why = first.status === 400 && invite.sip?.lengthProblem ? ` because the INVITE's Content-Length exceeds the datagram (RJ-01 content-length FAILs it)` : '';
      this.inconclusive(`the test bed answered the INVITE (message #${invite.seq}) with "${first.startLine}", not a 2xx${why}`);
    }
    return ok;
  }

  /** Waits (bounded) until the client has sent `count` ACKs for the INVITE; returns those seen. */
  async acksFor(invite: RecordedMessage, count = 1): Promise<RecordedMessage[]> {
    // The predicate runs once the message is in the trace, so the count includes it.
    await this.fromClient((m) => m.sip?.method === 'ACK' && acksOf(this.trace, invite).length >= count, this.profile.ixit.eventTimeoutMs);
    return acksOf(this.trace, invite);
  }

  /**
   * The whole answered exchange: the INVITE, the test bed's final response, the client's ACKs,
   * and every request it sent afterwards once its rejoin has settled (bounded).
   */
  async settledExchange(): Promise<{ invite: RecordedMessage; final: RecordedMessage; acks: RecordedMessage[]; later: RecordedMessage[] }> {
    const invite = await this.rejoinInvite();
    const acks = await this.acksFor(invite);
    await this.settle(this.profile.ixit.eventTimeoutMs);
    const final = (await this.finalsTo(invite))[0];
    return { invite, final, acks, later: requestsAfter(this.trace, final, invite) };
  }

  /** The first request with `method` from the client after message `afterSeq`, waited for (bounded). */
  async requestFromClient(method: string, afterSeq = 0): Promise<RecordedMessage | undefined> {
    return this.fromClient((m) => m.seq > afterSeq && m.sip?.method === method, this.profile.ixit.eventTimeoutMs);
  }

  /**
   * The user leaves the session. First the rejoin is let finish, then, where the client answers
   * `state`, what it kept is asked for the record (RJ-06, RJ-07), then the leave, waited for.
   */
  async leave(): Promise<void> {
    await this.settle(this.profile.ixit.eventTimeoutMs);
    // A client driven by commands says "done" at once: the session is up when its ACK is seen.
    const invite = await this.fromClient((m) => m.sip?.method === 'INVITE', this.profile.ixit.inviteTimeoutMs);
    if (invite) await this.acksFor(invite);
    const bound = this.profile.ixit.eventTimeoutMs;
    if (this.profile.ics.answersState && this.sut) {
      const reply = await this.sut.state(bound);
      if (reply.ok) this.stateBeforeLeave = reply.state;
    }
    const before = this.trace.length === 0 ? 0 : this.trace[this.trace.length - 1].seq;
    if (this.sut) this.replies.push(this.sut.leave(bound));
    await this.settle(bound);
    // A client driven by commands (or a person) says "done" before its BYE is out: wait for it.
    await this.requestFromClient('BYE', before);
  }

  /**
   * Lets the client finish what it was asked before the test bed stops, so the trace holds the
   * whole exchange (the ACK comes after the 200 OK the verdict was judged on). Bounded: a client
   * that never answers only costs `boundMs`.
   */
  async settle(boundMs = 1000): Promise<void> {
    if (this.replies.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled(this.replies),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, boundMs))),
    ]);
    clearTimeout(timer);
  }

  /** Titles of the test bed's addresses, for the ladder diagram. */
  laneNames(): Map<string, string> {
    const names = new Map<string, string>();
    const name = (s: MockImServer | undefined, title: string): void => {
      if (!s) return;
      names.set(`${s.host}:${s.port}`, title);
      names.set(`${s.host}:${s.msrpPort}`, `${title} (MSRP)`);
    };
    name(this.server, 'SIP/IP Core + IM Server');
    name(this.directServer, 'IM Server (own address)');
    return names;
  }

  /** The outbound proxy the client was configured with: the SIP/IP Core entry point. */
  outboundProxy(): { uri: string; host: string; port: number; transport: Transport } {
    const env = this.env!;
    return { uri: env.outboundProxy, host: env.proxyHost, port: env.proxyPort, transport: env.transport };
  }

  /** The findings of one named sub-check; a name no check produced is a defect of the feature. */
  onlyCheck(findings: Finding[], check: string): Finding[] {
    const own = findings.filter((f) => f.check === check);
    if (own.length === 0) throw new Error(`test-bed error: no sub-check "${check}" (known: ${[...new Set(findings.map((f) => f.check))].join(', ')})`);
    return own;
  }

  /** The test bed's NOTIFY in the SUBSCRIBE's dialog and the client's answer to it, waited for. */
  async notifyAnswer(subscribe: RecordedMessage): Promise<{ notify: RecordedMessage; response?: RecordedMessage } | undefined> {
    const callId = subscribe.sip ? headerValue(subscribe.sip, 'Call-ID') : undefined;
    const bound = this.profile.ixit.eventTimeoutMs;
    const notify = await this.server!.waitFor((m) => m.direction === 'to-client' && m.sip?.method === 'NOTIFY' && headerValue(m.sip, 'Call-ID') === callId, bound);
    if (!notify) return undefined;
    await this.fromClient(() => responseTo(this.trace, notify) !== undefined, bound);
    return { notify, response: responseTo(this.trace, notify) };
  }

  /** Records the findings of a check and turns a FAIL or INCONC among them into the step's error. */
  judge(raw: Finding[]): void {
    // A pair the catalogue of sub-checks lacks could not be waived: a defect of the suite, not of the client.
    const uncatalogued = uncataloguedPairs(raw);
    if (uncatalogued.length > 0) throw new Error(`test-bed error: a check gave sub-check(s) support/checks/sub-checks.ts does not list: ${uncatalogued.join(', ')}`);
    const findings = applyWaivers(raw, this.profile.waivers);
    this.findings.push(...findings);
    this.attachJudgedMessages(findings);
    this.attachEvidence('');
    const error = verdictError(findings);
    if (error) throw error;
  }

  /**
   * Attaches the trace, ladder, pcap and SDP as they stand now, to the running step (or, from
   * the After hook, to the scenario). Remembers how much of the trace that covered, so the
   * scenario's end adds a whole-scenario copy only when messages came after the verdict.
   */
  private attachEvidence(stage: '' | '-whole-scenario'): void {
    const trace = this.trace;
    for (const { body, mediaType, fileName } of evidenceBundle(trace, this.findings, this.laneNames(), stage)) {
      if (typeof body === 'string') this.attach(body, { mediaType, fileName });
      else this.attach(body, { mediaType, fileName });
    }
    this.evidenceCovers = trace.length;
  }

  /**
   * At the scenario's end: the messages after the verdict (the ACK, the BYE) as a whole-scenario
   * copy, or all of it when no step got to judge (INCONC before the verdict).
   */
  attachRemainingEvidence(): void {
    if (this.evidenceCovers === undefined) this.attachEvidence('');
    else if (this.trace.length > this.evidenceCovers) this.attachEvidence('-whole-scenario');
  }

  /** On the step that judged: each FAIL with the whole message it is about. */
  private attachJudgedMessages(findings: Finding[]): void {
    const failed = findings.filter((f) => f.verdict === 'FAIL');
    if (failed.length === 0) return;
    const trace = this.trace;
    const text = failed
      .map((f) => {
        const m = trace.find((x) => x.seq === f.messageSeq);
        const body = m ? (m.parseError !== undefined ? `(unparsable: ${m.parseError})\n${m.bytes.toString('latin1')}` : m.bytes.toString('utf8')) : '(no single message)';
        return `${describeFinding(f)}\n\n--- message #${f.messageSeq ?? '?'} as received ---\n${body.replace(/\r\n/g, '\n')}`;
      })
      .join('\n\n========\n\n');
    this.attach(text, { mediaType: 'text/plain', fileName: 'failed-checks.txt' });
  }

  /** Records INCONC for every requirement of the scenario and stops it. */
  inconclusive(reason: string): never {
    for (const requirement of this.requirementIds) {
      this.findings.push({ requirement, check: 'test-bed', verdict: 'INCONC', summary: `INCONC: ${reason}` });
    }
    throw inconclusiveError(reason);
  }

  /** Records N/A for every requirement of the scenario; the step then returns 'skipped'. */
  notApplicable(reason: string): 'skipped' {
    for (const requirement of this.requirementIds) {
      this.findings.push({ requirement, check: 'applicability', verdict: 'N/A', summary: `N/A: ${reason}` });
    }
    return 'skipped';
  }
}

/**
 * The step's error for a judged set of findings: a FAIL among them fails the step, else an
 * INCONC breaks it. The messages are what the report's categories (cucumber.js) sort by: a FAIL's
 * first line names the strengths and ids ("SHALL requirement RJ-01 FAIL"), an INCONC starts with
 * its finding ("RJ-07 INCONC: …", one paragraph per finding).
 */
export function verdictError(findings: readonly Finding[]): Error | undefined {
  const failed = findings.filter((f) => f.verdict === 'FAIL');
  if (failed.length > 0) {
    const ids = [...new Set(failed.map((f) => f.requirement))];
    const strengths = [...new Set(ids.map((id) => findRequirement(id)?.strength ?? '?'))].join('/');
    return new ConformanceFailure(`${strengths} requirement ${ids.join(', ')} FAIL\n${failed.map(describeFinding).join('\n\n')}`);
  }
  const inconc = findings.filter((f) => f.verdict === 'INCONC');
  return inconc.length > 0 ? new Inconclusive(inconc.map(describeFinding).join('\n\n')) : undefined;
}

/** The World's own INCONC, for a scenario that never got to judge: "INCONC: <reason>". */
export function inconclusiveError(reason: string): Inconclusive {
  return new Inconclusive(`INCONC: ${reason}`);
}

export function describeFinding(f: Finding): string {
  const lines = [f.summary];
  if (f.expected !== undefined) lines.push(`  expected: ${f.expected}`);
  if (f.seen !== undefined) lines.push(`  seen:     ${f.seen}`);
  if (f.line) lines.push(`  line ${f.line.number}${f.messageSeq !== undefined ? ` of message #${f.messageSeq}` : ''}: ${f.line.text}`);
  return lines.join('\n');
}
