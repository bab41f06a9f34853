import { requestsAfter } from '../exchange';
import type { RecordedMessage, TlsWireChunk } from '../sip/recorded-message';
import type { PendingHandshake } from '../tls/tls-socket';
import type { ActionReply, SutSession } from '../sut/sut-adapter';
import type { SutProfile } from '../sut/sut-profile';
import type { WireQueries } from './wire-queries';

/**
 * How long the client may take to reply to a rejoin: its INVITE leaves within `inviteTimeoutMs`,
 * and its INVITE transaction ends at the latest at Timer B, 64·T1 later (RFC 3261 17.1.1.2), when
 * the client can say how it went; `eventTimeoutMs` more lets that reply reach the suite.
 */
export function rejoinReplyBoundMs(ixit: SutProfile['ixit']): number {
  return ixit.inviteTimeoutMs + 64 * ixit.t1Ms + ixit.eventTimeoutMs;
}

/**
 * How long to watch for requests the client must not send after its rejoin is answered (RB-01
 * "nothing more", RB-03 "no loop", RB-05 "no BYE"), from its last ACK: what those checks look
 * for is a reaction to the final response, which the ACK shows the client has. A request sent in
 * the same breath comes at once; one that waits for the answer to another of its requests (a
 * loop's second INVITE) a round trip later, and T1 is RFC 3261's estimate of a round trip
 * (17.1.1.1); a second T1 is slack for the client's own scheduling. The same window for every
 * adapter: a reply ("done" from the upper tester, "asked" from a command) says nothing of what
 * the client sends next. Each scenario pays it in full, so it is kept that short.
 */
export function quietWindowMs(ixit: SutProfile['ixit']): number {
  return 2 * ixit.t1Ms;
}

/** Where the client is reached and the scenario's trace is read (as it is judged: no stray message). */
export interface ActionTarget {
  readonly sut: SutSession | undefined;
  readonly judgedTrace: RecordedMessage[];
  /** The TLS connections' bytes so far: whether the client tried TLS at all. */
  readonly wire: readonly TlsWireChunk[];
  /** The client's SIP-over-TLS connections whose handshake is still under way. */
  pendingTlsHandshakes(): PendingHandshake[];
}

/**
 * The user's actions on the client and the wire evidence that each was carried out. An adapter's
 * reply may mean "done" (the upper tester) or only "asked" (a command, a person): an action is
 * over when the client has said so (bounded) and what it must send is on the wire (bounded).
 */
export class UserActions {
  private readonly replies: Array<Promise<ActionReply>> = [];
  private rejoinReply?: Promise<ActionReply>;
  /** The rejoin's reply once it came: a rejoin the client reported failed is not waited on the wire. */
  private rejoinOutcome?: ActionReply;
  /** Whether the rejoin set a session up (a 2xx ACKed): only then does a leave send a BYE. */
  private sessionUp = false;
  private kept?: ActionReply['state'];

  constructor(
    private readonly target: ActionTarget,
    private readonly profile: SutProfile,
    private readonly wire: WireQueries,
    private readonly inconclusive: (reason: string) => never,
  ) {}

  /** What the client answered to `state` just before the leave, when it answers `state`. */
  get stateBeforeLeave(): ActionReply['state'] {
    return this.kept;
  }

  /** The user asks the client to rejoin; the reply is evidence, the verdict comes from the wire. */
  rejoin(conference: string): void {
    const reply = this.target.sut!.rejoin(conference, rejoinReplyBoundMs(this.profile.ixit));
    if (!this.rejoinReply) void reply.then((r) => (this.rejoinOutcome = r));
    this.rejoinReply ??= reply;
    this.replies.push(reply);
  }

  /**
   * The client's rejoin INVITE, or the first message from it that does not parse (that is judged
   * too, never waited past). Silence is INCONC: the requirement could not be judged; so is a TLS
   * connection whose handshake failed, with the TLS layer's reason (the client's bytes are in
   * the trace): nothing of the clause could be read over it.
   */
  async rejoinInvite(): Promise<RecordedMessage> {
    const timeout = this.profile.ixit.inviteTimeoutMs;
    const isInvite = (m: RecordedMessage): boolean => m.parseError !== undefined || m.sip?.method === 'INVITE';
    // A client that reports the rejoin failed before anything arrived is not waited for.
    const never = new Promise<never>(() => undefined);
    const failedEarly = (this.rejoinReply ?? never).then((r) => (r.ok ? never : r));
    const tlsFailed = this.wire.failedTlsHandshake(timeout).then((m) => m ?? never);
    let first = await Promise.race([this.wire.fromClient(isInvite, timeout), failedEarly, tlsFailed]);
    // A failed handshake, or a client that gives up on one, may be followed by a new connection
    // that works (a retry): the INVITE is still waited for, a little (bounded), before the failure is the verdict.
    const handshakeFailed = first !== undefined && 'seq' in first && first.protocol === 'tls-handshake';
    if (handshakeFailed || (first && !('seq' in first) && this.target.wire.length > 0)) {
      const retried = await this.wire.fromClient(isInvite, this.profile.ixit.eventTimeoutMs);
      first = retried ?? (handshakeFailed ? first : ((await this.wire.failedTlsHandshake(this.profile.ixit.eventTimeoutMs)) ?? first));
    }
    const invite = first && 'seq' in first && first.protocol === undefined ? first : this.target.judgedTrace.find((m) => m.direction === 'from-client' && m.protocol === undefined && isInvite(m));
    if (!invite) {
      const gone = this.target.sut?.exited();
      const said = first && !('seq' in first) ? `the client reported the rejoin failed ("${first.error ?? 'no reason'}")` : undefined;
      const handshake = this.target.judgedTrace.find((m) => m.protocol === 'tls-handshake' && !m.tlsUnfinished);
      const stalled = this.target.pendingTlsHandshakes()[0];
      this.inconclusive(
        handshake
          ? `the client's TLS connection to the SIP/IP Core failed before any SIP message (message #${handshake.seq}, ${handshake.bytes.length} bytes from the client): ${handshake.tlsError}`
          : said
            ? `${said} and sent no INVITE to the SIP/IP Core`
            : gone
              ? `the client ${gone} without sending an INVITE`
              : stalled
                ? `the client sent no INVITE within ${timeout} ms: its TLS connection ${stalled.connection} to the SIP/IP Core sent ${stalled.bytes} bytes and did not finish the TLS handshake in ${Date.now() - stalled.since} ms`
                : `the client sent no INVITE within ${timeout} ms`,
      );
    }
    return invite;
  }

  /**
   * The whole answered exchange: the INVITE, the test bed's final response, the client's ACKs,
   * and every request of the session it sent until it replied to the rejoin (bounded) and within
   * the quiet window after its last ACK, whichever ends later.
   */
  async settledExchange(): Promise<{ invite: RecordedMessage; final: RecordedMessage; acks: RecordedMessage[]; later: RecordedMessage[] }> {
    const invite = await this.rejoinInvite();
    const acks = await this.wire.acksFor(invite);
    const final = (await this.wire.finalsTo(invite))[0];
    // A client whose reply means "done" (the upper tester) is let finish first, as before; the
    // window on the wire then holds for every client, the time spent waiting included.
    await this.settle(this.profile.ixit.eventTimeoutMs);
    await this.wire.requestsWithin(acks.at(-1) ?? final, quietWindowMs(this.profile.ixit));
    return { invite, final, acks, later: requestsAfter(this.target.judgedTrace, final, invite) };
  }

  /**
   * The user leaves the session: once the rejoin is over, what the client kept is asked for the
   * record where it answers `state` (RJ-06, RJ-07), then the leave, until it is over too.
   */
  async leave(): Promise<void> {
    await this.rejoinSettled();
    const bound = this.profile.ixit.eventTimeoutMs;
    const sut = this.target.sut;
    if (!sut) return;
    if (this.profile.ics.answersState) {
      const reply = await sut.state(bound);
      if (reply.ok) this.kept = reply.state;
    }
    const trace = this.target.judgedTrace;
    const before = trace.length === 0 ? 0 : trace[trace.length - 1].seq;
    this.replies.push(sut.leave(bound));
    await this.leaveSettled(before);
  }

  /**
   * Lets the client finish what it was asked, so the trace holds the whole exchange. Bounded: a
   * client that never answers only costs `boundMs`.
   */
  async settle(boundMs = 1000): Promise<void> {
    if (this.replies.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled(this.replies), new Promise<void>((resolve) => (timer = setTimeout(resolve, boundMs)))]);
    clearTimeout(timer);
  }

  /**
   * The rejoin is over: the client said so (bounded), and its INVITE and the ACK of a 2xx are on
   * the wire (bounded). A client that reported the rejoin failed with nothing on the wire is
   * not waited for: there is nothing to come.
   */
  private async rejoinSettled(): Promise<void> {
    await this.settle(this.profile.ixit.eventTimeoutMs);
    const failed = this.rejoinOutcome !== undefined && !this.rejoinOutcome.ok;
    const invite = failed
      ? this.target.judgedTrace.find((m) => m.direction === 'from-client' && m.sip?.method === 'INVITE')
      : await this.wire.fromClient((m) => m.sip?.method === 'INVITE', this.profile.ixit.inviteTimeoutMs);
    if (invite) this.sessionUp = (await this.wire.acksFor(invite)).length > 0;
  }

  /** The leave is over: the client said so (bounded), and, when a session was up, its BYE after message `before` is on the wire (bounded). */
  private async leaveSettled(before: number): Promise<void> {
    await this.settle(this.profile.ixit.eventTimeoutMs);
    if (this.sessionUp) await this.wire.requestFromClient('BYE', before);
  }
}
