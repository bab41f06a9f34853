import { acksOf, finalResponsesTo, firstUnansweredCopy, is2xx, responseTo } from '../exchange';
import type { MockImServer } from '../im-server/mock-im-server';
import type { RecordedMessage } from '../sip/recorded-message';
import { headerValue } from '../sip/sip-parser';
import type { SutProfile } from '../sut/sut-profile';

/** Where the queries look: the test bed's addresses and their one trace, as it is judged (no stray message). */
export interface WireSource {
  readonly servers: readonly MockImServer[];
  readonly server: MockImServer | undefined;
  readonly judgedTrace: RecordedMessage[];
}

/**
 * Waits on what crosses the wire: each query ends at the first message that answers it, or at
 * its bound (from the profile's IXIT), and then says what there is. Silence is a result, never
 * a crash; turning it into INCONC is the caller's call (`inconclusive`).
 */
export class WireQueries {
  constructor(
    private readonly bed: WireSource,
    private readonly ixit: SutProfile['ixit'],
    private readonly inconclusive: (reason: string) => never,
  ) {}

  /**
   * The first message from the client at any test-bed address that matches, or undefined. A stray
   * message (of no dialog or transaction of the scenario) is never the client's answer.
   */
  fromClient(predicate: (m: RecordedMessage) => boolean, timeoutMs: number): Promise<RecordedMessage | undefined> {
    return this.firstRecorded((m) => m.direction === 'from-client' && m.protocol === undefined && m.stray === undefined && predicate(m), timeoutMs);
  }

  /**
   * The first TLS connection of the client whose handshake failed (recorded as 'tls-handshake',
   * with the TLS layer's reason), or undefined after `timeoutMs`.
   */
  failedTlsHandshake(timeoutMs: number): Promise<RecordedMessage | undefined> {
    return this.firstRecorded((m) => m.protocol === 'tls-handshake', timeoutMs);
  }

  /** The first record at any test-bed address that matches (already there or still to come), or undefined after `timeoutMs`. */
  private firstRecorded(match: (m: RecordedMessage) => boolean, timeoutMs: number): Promise<RecordedMessage | undefined> {
    const servers = this.bed.servers;
    if (servers.length === 0) return Promise.resolve(undefined);
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

  /** The final responses the test bed sent to the INVITE (each 2xx copy so far); INCONC if none comes. */
  async finalsTo(invite: RecordedMessage): Promise<RecordedMessage[]> {
    const isFinal = (m: RecordedMessage): boolean => finalResponsesTo([m], invite).length > 0;
    await Promise.race(this.bed.servers.map((s) => s.waitFor(isFinal, this.ixit.eventTimeoutMs)));
    const finals = finalResponsesTo(this.bed.judgedTrace, invite);
    if (finals.length === 0) this.inconclusive(`the test bed sent no final response to the INVITE (message #${invite.seq})`);
    return finals;
  }

  /**
   * The 2xx the test bed sent to the INVITE; INCONC when it answered otherwise, naming why (a
   * datagram shorter than its Content-Length gets 400, and RJ-01 FAILs that).
   */
  async okTo(invite: RecordedMessage): Promise<RecordedMessage> {
    const finals = await this.finalsTo(invite);
    const ok = finals.find(is2xx);
    if (!ok) {
      const first = finals[0].sip!;
      const why = first.status === 400 && invite.sip?.lengthProblem ? ` because the INVITE's Content-Length exceeds the datagram (RJ-01 content-length FAILs it)` : '';
      this.inconclusive(`the test bed answered the INVITE (message #${invite.seq}) with "${first.startLine}", not a 2xx${why}`);
    }
    return ok;
  }

  /**
   * Waits (bounded) until the client has sent `count` ACKs for the INVITE and every copy of the
   * 2xx so far has its own (firstUnansweredCopy); returns the ACKs seen. A copy the test bed sent
   * while the ACK of the one before was on its way (T1 is short, a loaded machine slow) is
   * answered by the client's next ACK: judging before it arrives would FAIL a client that did
   * nothing wrong.
   */
  async acksFor(invite: RecordedMessage, count = 1): Promise<RecordedMessage[]> {
    const answered = (): boolean => {
      const trace = this.bed.judgedTrace;
      const acks = acksOf(trace, invite);
      const copies = finalResponsesTo(trace, invite).filter(is2xx);
      return acks.length >= count && firstUnansweredCopy(copies, acks) === undefined;
    };
    // The predicate runs once the message is in the trace, so the count includes it.
    await this.fromClient((m) => m.sip?.method === 'ACK' && answered(), this.ixit.eventTimeoutMs);
    return acksOf(this.bed.judgedTrace, invite);
  }

  /** The first request with `method` from the client after message `afterSeq`, waited for (bounded). */
  requestFromClient(method: string, afterSeq = 0): Promise<RecordedMessage | undefined> {
    return this.fromClient((m) => m.seq > afterSeq && m.sip?.method === method, this.ixit.eventTimeoutMs);
  }

  /**
   * An observation window: every request the client sends within `windowMs` of message `after`.
   * Each wait is for "a request arrives", bounded by what is left of the window; the wait that
   * times out means nothing more came. The window is measured from `after`, so time the suite
   * spent before it counts.
   */
  async requestsWithin(after: RecordedMessage, windowMs: number): Promise<RecordedMessage[]> {
    const end = after.at + windowMs;
    const seen: RecordedMessage[] = [];
    let last = after.seq;
    for (let left = end - Date.now(); left > 0; left = end - Date.now()) {
      const next = await this.fromClient((m) => m.seq > last && m.sip?.kind === 'request', left);
      if (!next) break;
      seen.push(next);
      last = next.seq;
    }
    return seen;
  }

  /** The test bed's NOTIFY in the SUBSCRIBE's dialog and the client's answer to it, waited for. */
  async notifyAnswer(subscribe: RecordedMessage): Promise<{ notify: RecordedMessage; response?: RecordedMessage } | undefined> {
    const callId = subscribe.sip ? headerValue(subscribe.sip, 'Call-ID') : undefined;
    const bound = this.ixit.eventTimeoutMs;
    const notify = await this.bed.server!.waitFor((m) => m.direction === 'to-client' && m.sip?.method === 'NOTIFY' && headerValue(m.sip, 'Call-ID') === callId, bound);
    if (!notify) return undefined;
    await this.fromClient(() => responseTo(this.bed.judgedTrace, notify) !== undefined, bound);
    return { notify, response: responseTo(this.bed.judgedTrace, notify) };
  }
}
