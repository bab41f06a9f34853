import { World, type IWorldOptions } from '@cucumber/cucumber';
import type { InviteScript, MockImServer } from './im-server/mock-im-server';
import type { RecordedMessage, Transport } from './sip/recorded-message';
import { SutStartError } from './sut/process-adapter';
import type { ActionReply, SutSession } from './sut/sut-adapter';
import { loadSutProfile, type SutProfile } from './sut/sut-profile';
import { findRequirement } from './requirements';
import { startTestBed } from './test-bed';
import type { Finding } from './verdict';
import { ConformanceFailure, Inconclusive } from './verdict-errors';

let cachedProfile: SutProfile | undefined;

/**
 * One scenario's state and evidence: the test bed it started, what it asked the client, and the
 * findings of the checks. Nothing is shared between scenarios.
 */
export class ConformanceWorld extends World {
  readonly profile: SutProfile = (cachedProfile ??= loadSutProfile());
  /** Requirement ids the scenario is tagged with. */
  requirementIds: string[] = [];
  transport: Transport = this.profile.ics.transports[0];
  conference?: string;
  readonly script: Partial<InviteScript> = {};
  server?: MockImServer;
  sut?: SutSession;
  clientStartLog?: string;
  readonly findings: Finding[] = [];
  readonly replies: Array<Promise<ActionReply>> = [];

  constructor(options: IWorldOptions) {
    super(options);
  }

  /** Starts the IM Server and the client; a client that does not start makes the verdict INCONC. */
  async startTestBed(conference: string): Promise<void> {
    if (this.server) return;
    const bed = await startTestBed(this.profile, this.transport, conference, this.script);
    this.server = bed.server;
    this.sut = bed.sut;
    if (bed.startError) {
      this.clientStartLog = bed.startError instanceof SutStartError ? bed.startError.log : undefined;
      this.inconclusive(`the client under test did not start: ${bed.startError.message}`);
    }
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
    const invite = await this.server!.waitFor(
      (m) => m.direction === 'from-client' && (m.parseError !== undefined || m.sip?.method === 'INVITE'),
      timeout,
    );
    if (!invite) {
      const gone = this.sut?.exited();
      this.inconclusive(gone ? `the client ${gone} without sending an INVITE` : `the client sent no INVITE within ${timeout} ms`);
    }
    return invite;
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

  /** Records the findings of a check and turns a FAIL or INCONC among them into the step's error. */
  judge(findings: Finding[]): void {
    this.findings.push(...findings);
    const failed = findings.filter((f) => f.verdict === 'FAIL');
    if (failed.length > 0) {
      // The first line names the strength: the report's categories sort failures by it.
      const ids = [...new Set(failed.map((f) => f.requirement))];
      const strengths = [...new Set(ids.map((id) => findRequirement(id)?.strength ?? '?'))].join('/');
      throw new ConformanceFailure(`${strengths} requirement ${ids.join(', ')} FAIL\n${failed.map(describeFinding).join('\n\n')}`);
    }
    const inconc = findings.filter((f) => f.verdict === 'INCONC');
    if (inconc.length > 0) throw new Inconclusive(inconc.map(describeFinding).join('\n\n'));
  }

  /** Records INCONC for every requirement of the scenario and stops it. */
  inconclusive(reason: string): never {
    for (const requirement of this.requirementIds) {
      this.findings.push({ requirement, check: 'test-bed', verdict: 'INCONC', summary: `INCONC: ${reason}` });
    }
    throw new Inconclusive(`INCONC: ${reason}`);
  }

  /** Records N/A for every requirement of the scenario; the step then returns 'skipped'. */
  notApplicable(reason: string): 'skipped' {
    for (const requirement of this.requirementIds) {
      this.findings.push({ requirement, check: 'applicability', verdict: 'N/A', summary: `N/A: ${reason}` });
    }
    return 'skipped';
  }
}

export function describeFinding(f: Finding): string {
  const lines = [f.summary];
  if (f.expected !== undefined) lines.push(`  expected: ${f.expected}`);
  if (f.seen !== undefined) lines.push(`  seen:     ${f.seen}`);
  if (f.line) lines.push(`  line ${f.line.number}${f.messageSeq !== undefined ? ` of message #${f.messageSeq}` : ''}: ${f.line.text}`);
  return lines.join('\n');
}
