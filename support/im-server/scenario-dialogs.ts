import type { RecordedMessage } from '../sip/recorded-message';
import { headerParams, headerValue } from '../sip/sip-parser';

/**
 * Requests that exist only inside a dialog or a transaction (RFC 3261 12.2, 9.1, 17; RFC 3262,
 * 3311, 6086, 6665 4.1.3): one whose dialog the scenario never had can be nothing of it. Other
 * methods may start a dialog, and one of them carrying a To tag of no dialog is an initial
 * request built wrong (RFC 3261 8.1.1.2), which the checks must judge (RJ-01
 * `to-without-tag`, RJ-08 `subscribe-new-dialog`), so it is never set aside.
 */
const IN_DIALOG_ONLY = new Set(['ACK', 'CANCEL', 'BYE', 'PRACK', 'UPDATE', 'INFO', 'NOTIFY']);

const tagOf = (m: RecordedMessage, header: 'To' | 'From'): string | undefined => {
  const value = m.sip ? headerValue(m.sip, header) : undefined;
  return value === undefined ? undefined : headerParams(value).get('tag');
};

/**
 * What a scenario's test bed took part in, learnt message by message in wire order: every Call-ID
 * that crossed, the tags the test bed gave its dialogs, the transactions of its own requests, the
 * ports the client's messages came from. A message from the client that belongs to none of them
 * is **stray**: from a port or connection the client has not used in the scenario, a request of a
 * dialog the test bed never had (an earlier scenario's client still sending to a port the system
 * handed out again, a BYE at its own timeout), or a response to no request of the test bed. It is recorded
 * and shown, and no check takes it for the client's (docs/evidence.md "Stray messages").
 *
 * Shared by every address of one scenario (the SIP/IP Core and the IM Server's own address),
 * because a dialog set up through one may be continued at the other.
 */
export class ScenarioDialogs {
  private readonly callIds = new Set<string>();
  /** The test bed's own tags: To of its responses, From of its requests. */
  private readonly ownTags = new Set<string>();
  /** Call-ID and CSeq of each request the test bed sent, which a response of the client answers. */
  private readonly ownRequests = new Set<string>();
  /** Call-ID and CSeq of each stray request: the test bed's answer to one (481) makes its dialog no more known. */
  private readonly strayRequests = new Set<string>();
  /**
   * Where the client's messages of the scenario came from (transport, address, port). An earlier
   * client still running cannot send from the port or the connection this one uses, so what comes
   * from there is this client's, however wrong (a BYE built from scratch, with a Call-ID and To
   * tag of no dialog, is judged: RJ-07 FAILs it).
   */
  private readonly clientSources = new Set<string>();

  /**
   * Why `m` belongs to nothing of the scenario, or undefined when it belongs; what belongs is
   * learnt. Only the client's parsed SIP can be stray: bytes that do not parse are judged as they
   * are, and MSRP, keep-alives and TLS records are not SIP.
   */
  admit(m: RecordedMessage): string | undefined {
    const sip = m.sip;
    if (!sip || m.protocol !== undefined) return undefined;
    const callId = headerValue(sip, 'Call-ID');
    const cseq = headerValue(sip, 'CSeq')?.trim().replace(/\s+/g, ' ');
    const transaction = `${callId} ${cseq}`;
    if (m.direction === 'to-client') {
      if (sip.kind === 'response' && this.strayRequests.has(transaction)) return undefined;
      this.learn(callId);
      const own = tagOf(m, sip.kind === 'response' ? 'To' : 'From');
      if (own) this.ownTags.add(own);
      if (sip.kind === 'request' && callId !== undefined && cseq !== undefined) this.ownRequests.add(transaction);
      return undefined;
    }
    const source = `${m.transport} ${m.source.host} ${m.source.port}`;
    const why = this.clientSources.has(source) ? undefined : this.strayReason(m, callId, cseq);
    if (!why) {
      this.learn(callId);
      this.clientSources.add(source);
    } else if (sip.kind === 'request') this.strayRequests.add(transaction);
    return why;
  }

  private strayReason(m: RecordedMessage, callId: string | undefined, cseq: string | undefined): string | undefined {
    const sip = m.sip!;
    // Without a Call-ID nothing can be matched: judged as it is (RJ-01 names what is missing).
    if (callId === undefined) return undefined;
    if (sip.kind === 'response') {
      if (cseq !== undefined && this.ownRequests.has(`${callId} ${cseq}`)) return undefined;
      return `a response to no request the test bed sent in this scenario (Call-ID ${callId}, CSeq ${cseq ?? 'missing'})`;
    }
    const method = sip.method ?? '';
    if (!IN_DIALOG_ONLY.has(method) || this.callIds.has(callId)) return undefined;
    // The To tag the test bed gave names its dialog even under a wrong Call-ID (RJ-05 `ack-call-id` judges that ACK).
    const toTag = tagOf(m, 'To');
    if (toTag !== undefined && this.ownTags.has(toTag)) return undefined;
    const what = method === 'ACK' || method === 'CANCEL' ? 'of no INVITE transaction' : 'of no dialog';
    return `a ${method} ${what} the test bed took part in in this scenario (Call-ID ${callId} unknown here${toTag !== undefined ? `, To tag ${toTag} not one it gave` : ''})`;
  }

  private learn(callId: string | undefined): void {
    if (callId !== undefined) this.callIds.add(callId);
  }
}

/** The stray messages of a recorded trace, by seq, with why: what the test bed marked as it recorded, worked out again. */
export function strayMessages(trace: readonly RecordedMessage[]): Map<number, string> {
  const dialogs = new ScenarioDialogs();
  const stray = new Map<number, string>();
  for (const m of [...trace].sort((a, b) => a.seq - b.seq)) {
    const why = dialogs.admit(m);
    if (why) stray.set(m.seq, why);
  }
  return stray;
}
