/**
 * Fault switches of the independent client (INDEP_FAULTS, comma-separated). Each breaks exactly
 * one rule on the wire, except `audio-and-msrp-offer` and `compact-headers`, which are correct
 * SIP and SDP and must change no verdict.
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
