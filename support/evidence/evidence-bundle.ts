import { finalResponsesTo } from '../exchange';
import { traceText } from '../report/trace-text';
import type { RecordedMessage } from '../sip/recorded-message';
import type { Finding } from '../verdict';
import { ladderSvg } from './ladder';
import { pcapOf } from './pcap';
import { sdpSideBySide } from './sdp-side-by-side';

export interface Attachment {
  body: string | Buffer;
  mediaType: string;
  fileName: string;
}

/**
 * What a reviewer needs to see a verdict without rerunning it: the raw trace, the ladder with
 * the failed messages in red, the pcap, and the SDP offer and answer side by side. `stage` names
 * the moment ("" at the step that judged, "-whole-scenario" for the messages that came after).
 */
export function evidenceBundle(trace: readonly RecordedMessage[], findings: readonly Finding[], laneNames: ReadonlyMap<string, string>, stage = ''): Attachment[] {
  const out: Attachment[] = [{ body: traceText(trace), mediaType: 'text/plain', fileName: `sip-trace${stage}.txt` }];
  if (trace.length === 0) return out;
  out.push({ body: ladderSvg(trace, findings, laneNames), mediaType: 'image/svg+xml', fileName: `ladder${stage}.svg` });
  out.push({ body: pcapOf(trace), mediaType: 'application/vnd.tcpdump.pcap', fileName: `sip-trace${stage}.pcap` });
  const invite = trace.find((m) => m.direction === 'from-client' && m.sip?.method === 'INVITE');
  const answer = invite && finalResponsesTo(trace, invite).find((m) => (m.sip?.status ?? 0) < 300);
  if (invite) out.push({ body: sdpSideBySide(invite, answer, findings), mediaType: 'text/plain', fileName: `sdp-offer-answer${stage}.txt` });
  return out;
}
