/**
 * Fault switches of the independent client (INDEP_FAULTS, comma-separated). Each breaks exactly
 * one rule on the wire, except `audio-and-msrp-offer` and `compact-headers`, which are correct
 * SIP and SDP and must change no verdict. The robustness faults react to what the test bed
 * sends (an error status, a 3xx, a copy of the 2xx, a 200 OK without Allow or isfocus), so
 * they change nothing where it does not send that.
 */
export const FAULTS = {
  /** Content-Length counts the body's UTF-16 code units, not its bytes (three short: "Réunion d'été"). */
  'content-length-chars': 'Content-Length in characters, not bytes',
  /** ACK and BYE carry only Route: <IM_OUTBOUND_PROXY>, not the route set of the 2xx's Record-Route. */
  'ignore-route-set': 'in-dialog requests ignore the Record-Route set',
  /** The offer is m=audio only: no MSRP media. */
  'audio-only-offer': 'an audio-only SDP offer',
  /** An m=audio line, then the m=message line: a softphone with chat (correct). */
  'audio-and-msrp-offer': 'audio and MSRP offered together (not a fault)',
  /** Every header with a compact form is sent in it: v, f, t, i, m, c, l, and a for Accept-Contact (RFC 3841). Correct. */
  'compact-headers': 'compact header names (not a fault)',
  /** The ACK of a 4xx, 5xx or 6xx gets a branch of its own, as a 2xx's would (RFC 3261 17.1.1.3 wants the INVITE's). */
  'error-ack-new-branch': 'the ACK of an error answer in a new branch',
  /** After a 4xx, 5xx or 6xx the INVITE is sent once more (same Call-ID and From, CSeq 2, new branch); the rejoin is reported on that answer. */
  'retry-after-error': 'an error answer retried once',
  /** Over UDP, Timer A stays at T1: copies at T1, 2·T1, 3·T1, … instead of T1, 3·T1, 7·T1 (RFC 3261 17.1.1.2 doubles it). */
  'timer-a-fixed': 'INVITE retransmissions at a fixed interval',
  /**
   * Each copy of the INVITE (Timer A) is built again with a new Via branch, and the transaction
   * still waits for responses with the first branch: a response to a copy is dropped as unknown,
   * so a 2xx that answers a copy is never ACKed. Only a retransmission shows it.
   */
  'retransmit-new-branch': 'INVITE copies with a new branch each',
  /** A 3xx is not ACKed (nor its copies); the redirect is reported. */
  'redirect-no-ack': 'a redirect left unacknowledged',
  /** A 3xx is followed once, but to the INVITE's own Request-URI, not to the Contact it names (CSeq 2, same Call-ID). */
  'redirect-to-request-uri': 'a redirect followed to the old target',
  /** Over TCP only the first copy of a 2xx is ACKed: a copy (RFC 3261 13.3.1.4) is taken for a duplicate of the stream. */
  'tcp-ack-once': 'no ACK for a 2xx copy over TCP',
  /** Over TCP no 2xx is ACKed, nor any copy (the session is kept): a client that leaves a reliable transport to do it. */
  'tcp-no-ack': 'no ACK of a 2xx over TCP',
  /** A 2xx without Allow, or whose Contact lacks isfocus, is not ACKed (nor its copies): the rejoin is reported failed. */
  'unusual-ok-no-ack': 'an unusual 200 OK left unacknowledged',
  /** A 2xx without Allow, or whose Contact lacks isfocus, is ACKed, then the session is ended at once with a BYE; the rejoin is reported failed once the BYE is answered. */
  'unusual-ok-bye': 'an unusual 200 OK ended at once with a BYE',
} as const;

export type Fault = keyof typeof FAULTS;

export function parseFaults(text: string | undefined): Set<Fault> {
  const names = (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const n of names) {
    if (!(n in FAULTS)) throw new Error(`INDEP_FAULTS: unknown fault "${n}" (known: ${Object.keys(FAULTS).join(', ')})`);
  }
  return new Set(names as Fault[]);
}
