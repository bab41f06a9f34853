import { finalResponsesTo } from '../exchange';
import { traceText } from '../report/trace-text';
import type { RecordedMessage, TlsWireChunk } from '../sip/recorded-message';
import type { Finding } from '../verdict';
import { ladderSvg } from './ladder';
import { pcapOf } from './pcap';
import { sdpSideBySide } from './sdp-side-by-side';

export interface Attachment {
  body: string | Buffer;
  mediaType: string;
  fileName: string;
}

/** What the evidence is drawn from: what crossed the wire, and the titles of the test bed's lanes. */
export interface EvidenceInput {
  readonly trace: readonly RecordedMessage[];
  /** The TLS connections' records as they crossed the sockets: the pcap's TLS. */
  readonly wire?: readonly TlsWireChunk[];
  /** The TLS connections' key log (SSLKEYLOGFILE lines), written beside the pcap. */
  readonly keylog?: readonly string[];
  /** The CA certificate (PEM) the client was given to trust the test bed; the caller gives it where TLS was used. */
  readonly tlsCaPem?: string;
  readonly laneNames: ReadonlyMap<string, string>;
}

/** The key log's file name: Wireshark's "(Pre)-Master-Secret log filename" (tls.keylog_file) takes it. */
export const KEYLOG_FILE = 'sslkeylog';

/**
 * What a reviewer needs to see a verdict without rerunning it: the raw trace, the ladder with
 * the failed messages in red, the pcap (over TLS, its records with the key log beside it), the SDP
 * offer and answer side by side, and the CA the client was told to trust. `stage` names the moment
 * ("" at the step that judged, "-whole-scenario" for the messages that came after).
 */
export function evidenceBundle(input: EvidenceInput, findings: readonly Finding[], stage = ''): Attachment[] {
  const { trace } = input;
  const out: Attachment[] = [{ body: traceText(trace), mediaType: 'text/plain', fileName: `sip-trace${stage}.txt` }];
  if (trace.length === 0 && (input.wire ?? []).length === 0) return out;
  out.push({ body: ladderSvg(trace, findings, input.laneNames), mediaType: 'image/svg+xml', fileName: `ladder${stage}.svg` });
  out.push({ body: pcapOf(trace, input.wire), mediaType: 'application/vnd.tcpdump.pcap', fileName: `sip-trace${stage}.pcap` });
  // NSS key log format, one secret a line: `tshark -o tls.keylog_file:sslkeylog.txt` decrypts the pcap's TLS.
  if (input.keylog && input.keylog.length > 0) out.push({ body: `${input.keylog.join('\n')}\n`, mediaType: 'text/plain', fileName: `${KEYLOG_FILE}${stage}.txt` });
  const invite = trace.find((m) => m.direction === 'from-client' && m.sip?.method === 'INVITE');
  const answer = invite && finalResponsesTo(trace, invite).find((m) => (m.sip?.status ?? 0) < 300);
  if (invite) out.push({ body: sdpSideBySide(invite, answer, findings), mediaType: 'text/plain', fileName: `sdp-offer-answer${stage}.txt` });
  if (input.tlsCaPem) out.push({ body: input.tlsCaPem, mediaType: 'application/x-pem-file', fileName: 'tls-ca.pem' });
  return out;
}
