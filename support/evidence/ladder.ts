import { endpointText, handshakeFailure, tlsVersionText, transportText } from '../report/wire-labels';
import type { Endpoint, RecordedMessage } from '../sip/recorded-message';
import type { Finding } from '../verdict';

/**
 * The scenario as a SIP ladder (sequence) diagram in SVG: one lane per party, one arrow per
 * message with its number, time offset and first line; a message a check FAILed is drawn red
 * and its finding quoted under it. A message carried over TLS is labelled with the version its
 * connection negotiated ("TLS 1.3"), the connection in its tooltip; a TLS handshake that failed is
 * drawn as that, with its reason, never as SIP. A stray message (of no dialog of the scenario,
 * never judged) is drawn grey and dashed, "STRAY" before its label and why in its tooltip. Plain
 * SVG 1.1, readable in any browser and in the report.
 */
const LANE_GAP = 420;
const ROW = 34;
const TOP = 70;
const LEFT = 110;
/** A 12 px monospace character is about 7.2 px wide. */
const CHAR_WIDTH = 7.3;
const FINDING_CHARS = 110;

/** `names` titles the test bed's lanes by "host:port" (e.g. its SIP/IP Core and the IM Server's own address). */
export function ladderSvg(trace: readonly RecordedMessage[], findings: readonly Finding[] = [], names: ReadonlyMap<string, string> = new Map()): string {
  const failed = new Map<number, string>();
  for (const f of findings) if (f.verdict === 'FAIL' && f.messageSeq !== undefined && !failed.has(f.messageSeq)) failed.set(f.messageSeq, f.summary);
  const lanes = lanesOf(trace, names);
  // A finding quoted under its message may run past the last lane: the picture widens for it.
  const longestFinding = Math.max(0, ...[...failed.values()].map((f) => clip(f, FINDING_CHARS).length));
  const width = Math.max(LEFT * 2 + LANE_GAP * (lanes.length - 1), LEFT + 8 + Math.ceil(longestFinding * CHAR_WIDTH) + 20);
  const rows = trace.reduce((n, m) => n + (failed.has(m.seq) ? 2 : 1), 0);
  const height = TOP + ROW * Math.max(rows, 1) + 30;
  const x = (e: Endpoint, fromClient: boolean): number => {
    const i = fromClient ? 0 : lanes.findIndex((l) => l.key === key(e));
    return LEFT + LANE_GAP * Math.max(i, 0);
  };
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="monospace" font-size="12">`,
    '<defs><marker id="arrow" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="8" refX="9" refY="4" orient="auto"><path d="M0,0 L10,4 L0,8 z" fill="context-stroke"/></marker>',
    '<marker id="arrow-fail" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="8" refX="9" refY="4" orient="auto"><path d="M0,0 L10,4 L0,8 z" fill="#c00"/></marker></defs>',
    `<rect width="${width}" height="${height}" fill="white"/>`,
  ];
  lanes.forEach((lane, i) => {
    const lx = LEFT + LANE_GAP * i;
    out.push(`<text x="${lx}" y="24" text-anchor="middle" font-weight="bold">${esc(lane.title)}</text>`);
    out.push(`<text x="${lx}" y="40" text-anchor="middle" fill="#555">${esc(lane.shown)}</text>`);
    out.push(`<line x1="${lx}" y1="48" x2="${lx}" y2="${height - 10}" stroke="#999" stroke-dasharray="4,3"/>`);
  });
  const t0 = trace[0]?.at ?? 0;
  let y = TOP;
  for (const m of trace) {
    const fromClient = m.direction === 'from-client';
    const x1 = fromClient ? LEFT : x(m.source, false);
    const x2 = fromClient ? x(m.destination, false) : LEFT;
    const bad = failed.get(m.seq);
    const stray = m.stray !== undefined;
    const colour = bad ? '#c00' : stray ? '#999' : m.parseError !== undefined || m.protocol === 'tls-handshake' ? '#c60' : m.protocol === 'msrp' ? '#07a' : '#222';
    const label = `${stray ? 'STRAY ' : ''}#${m.seq} +${((m.at - t0) / 1000).toFixed(3)}s ${transportText(m)} ${firstLine(m)}`;
    const tls = m.transport === 'tls' ? ` data-transport="tls"${m.tls ? ` data-tls-version="${esc(m.tls.version)}" data-tls-connection="${m.tls.connection}"` : ''}` : '';
    out.push(`<g class="message${bad ? ' failed' : ''}${stray ? ' stray' : ''}" data-seq="${m.seq}"${tls}>`);
    const tooltip = [m.transport === 'tls' ? tlsTooltip(m) : undefined, stray ? `stray, not judged: ${m.stray}` : undefined].filter((t) => t !== undefined);
    if (tooltip.length > 0) out.push(`<title>${esc(tooltip.join('; '))}</title>`);
    out.push(`<line x1="${x1}" y1="${y}" x2="${x2}" y2="${y}" stroke="${colour}" stroke-width="${bad ? 2.5 : 1.2}"${stray ? ' stroke-dasharray="6,4"' : ''} marker-end="url(#${bad ? 'arrow-fail' : 'arrow'})"/>`);
    out.push(`<text x="${(x1 + x2) / 2}" y="${y - 6}" text-anchor="middle" fill="${colour}"${bad ? ' font-weight="bold"' : ''}>${esc(clip(label, 64))}</text>`);
    if (bad) {
      y += ROW;
      out.push(`<text x="${LEFT + 8}" y="${y - 10}" fill="#c00">${esc(clip(bad, FINDING_CHARS))}</text>`);
    }
    out.push('</g>');
    y += ROW;
  }
  if (trace.length === 0) out.push(`<text x="${LEFT}" y="${TOP}" fill="#555">No message crossed the wire.</text>`);
  out.push('</svg>');
  return out.join('\n') + '\n';
}

interface Lane {
  /** "host:port" as the lane names are keyed; `shown` is what the picture prints ("[::1]:5060"). */
  key: string;
  shown: string;
  title: string;
}

/** The client first, then every test-bed address in order of appearance. */
function lanesOf(trace: readonly RecordedMessage[], names: ReadonlyMap<string, string>): Lane[] {
  const client = clientHost(trace);
  const lanes: Lane[] = [{ key: client, shown: client, title: 'IM Client (SUT)' }];
  for (const m of trace) {
    const bed = m.direction === 'from-client' ? m.destination : m.source;
    if (lanes.some((l) => l.key === key(bed))) continue;
    const title = names.get(key(bed)) ?? (m.protocol === 'msrp' ? 'IM Server (MSRP)' : 'test bed');
    lanes.push({ key: key(bed), shown: endpointText(bed), title });
  }
  if (lanes.length === 1) lanes.push({ key: '', shown: '', title: 'SIP/IP Core + IM Server' });
  return lanes;
}

function clientHost(trace: readonly RecordedMessage[]): string {
  const m = trace[0];
  if (!m) return '';
  return m.direction === 'from-client' ? m.source.host : m.destination.host;
}

const key = (e: Endpoint): string => `${e.host}:${e.port}`;

function firstLine(m: RecordedMessage): string {
  // Whatever the client sent (a ClientHello, plain SIP on the TLS port), it is a failed handshake.
  if (m.protocol === 'tls-handshake') return `${m.tlsUnfinished ? 'HANDSHAKE UNFINISHED AT END' : 'HANDSHAKE FAILED'} (${m.bytes.length} bytes): ${handshakeFailure(m)}`;
  if (m.sip) return m.sip.startLine;
  if (m.protocol === 'keep-alive') return `keep-alive (${m.bytes.length} bytes)`;
  const line = m.bytes.toString('latin1').split(/\r?\n/)[0];
  return m.parseError !== undefined ? `UNPARSABLE: ${line}` : line;
}

function tlsTooltip(m: RecordedMessage): string {
  if (!m.tls) return `TLS handshake failed: ${handshakeFailure(m)}; what the client sent (${m.bytes.length} bytes) is in sip-trace.txt, not SIP`;
  const cert = m.tls.clientCertificate ? `client certificate ${m.tls.clientCertificate.subject}${m.tls.clientCertificate.trusted ? '' : ' (NOT trusted)'}` : 'no client certificate';
  return `carried over ${tlsVersionText(m.tls.version)}, TLS connection ${m.tls.connection}, ${m.tls.cipher}, ${cert}`;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** XML text: escapes, and drops the control characters XML 1.0 does not allow. */
export function esc(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex -- XML 1.0 forbids these characters: they are the point
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
