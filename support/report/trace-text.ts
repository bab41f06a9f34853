import type { RecordedMessage } from '../sip/recorded-message';

/**
 * The SIP trace as a reviewer reads it: every message in wire order with its time offset,
 * transport, endpoints and size, then its text. A message that did not parse is shown with the
 * reason and a hex dump, so the exact bytes stay in the evidence.
 */
export function traceText(trace: readonly RecordedMessage[]): string {
  if (trace.length === 0) return 'No message crossed the wire.\n';
  const t0 = trace[0].at;
  return trace.map((m) => messageText(m, t0)).join('\n');
}

function messageText(m: RecordedMessage, t0: number): string {
  const who = m.direction === 'from-client' ? 'client -> test bed' : 'test bed -> client';
  const head =
    `#${m.seq}  +${((m.at - t0) / 1000).toFixed(3)} s  ${m.transport.toUpperCase()}  ` +
    `${endpoint(m.source)} -> ${endpoint(m.destination)}  (${who}, ${m.bytes.length} bytes)`;
  if (m.protocol === 'keep-alive') return `${head}\nKEEP-ALIVE (not judged):\n${hexDump(m.bytes)}\n`;
  if (m.parseError !== undefined) {
    return `${head}\nUNPARSABLE: ${m.parseError}\n${hexDump(m.bytes)}\n`;
  }
  const text = `${head}\n${m.bytes.toString('utf8').replace(/\r\n/g, '\n')}\n`;
  // What a wrong Content-Length left in the stream after this message, before the next one.
  return m.strayAfter ? `${text}STRAY BYTES after #${m.seq} (${m.strayAfter.length}, not part of any message):\n${hexDump(m.strayAfter)}\n` : text;
}

function endpoint(e: { host: string; port: number }): string {
  return e.host.includes(':') ? `[${e.host}]:${e.port}` : `${e.host}:${e.port}`;
}

/** Classic 16-bytes-a-line dump: offset, hex, printable ASCII. */
export function hexDump(bytes: Buffer, limit = 64 * 1024): string {
  const lines: string[] = [];
  const shown = bytes.subarray(0, limit);
  for (let off = 0; off < shown.length; off += 16) {
    const row = shown.subarray(off, off + 16);
    const hex = [...row].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = [...row].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${off.toString(16).padStart(8, '0')}  ${hex.padEnd(47)}  ${ascii}`);
  }
  if (bytes.length > limit) lines.push(`... ${bytes.length - limit} more bytes not shown here`);
  return lines.join('\n');
}
