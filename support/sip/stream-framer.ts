import { headerSectionEnd } from './sip-parser';

/**
 * Cuts a TCP byte stream into SIP messages (RFC 3261 18.3: over a stream, Content-Length
 * frames the body). It never throws: bytes it cannot frame come out as a chunk with a reason,
 * so they are recorded and judged instead of vanishing.
 *
 * A wrong Content-Length shifts the stream: what follows the declared end is not the start of
 * a message. Those stray bytes come out marked `stray` (evidence for the message before them),
 * and framing resumes at the next start line, so the message after them is still read.
 */
export type Frame = { bytes: Buffer; error?: undefined; stray?: undefined } | { bytes: Buffer; error: string; stray?: undefined } | { bytes: Buffer; stray: true; error?: undefined };

/** Headers longer than this without an empty line are not a SIP message. */
export const MAX_HEADER_BYTES = 64 * 1024;

const START_LINE = /^(?:[A-Za-z0-9\-.!%*_+`'~]+ \S+ SIP\/\d+\.\d+|SIP\/\d+\.\d+ \d{3}(?: [^\r\n]*)?)\r?$/;
// Where a message may start again after stray bytes: a known method or a status line, even glued
// to the bytes before it (the stray tail of a body has no line end of its own).
const METHODS = ['INVITE', 'ACK', 'BYE', 'CANCEL', 'OPTIONS', 'REGISTER', 'SUBSCRIBE', 'NOTIFY', 'REFER', 'MESSAGE', 'UPDATE', 'INFO', 'PRACK', 'PUBLISH'];
// A status line only at a line start: a stray body may quote one (message/sipfrag).
const RESYNC = new RegExp(`(?:${METHODS.join('|')}) \\S+ SIP\\/2\\.0\\r?\\n|(?<=\\n)SIP\\/2\\.0 \\d{3} [^\\r\\n]*\\r?\\n`);

/** How many bytes of `line` are stray before a start line glued to them ("ive" + "ACK sip:…"), or 0. */
function gluedPrefix(line: string): number {
  const method = /^([^ ]+) /.exec(line)?.[1] ?? '';
  if (METHODS.includes(method)) return 0;
  const known = METHODS.find((m) => method.length > m.length && method.endsWith(m));
  return known ? method.length - known.length : 0;
}

export class StreamFramer {
  private pending: Buffer = Buffer.alloc(0);

  /** Feeds received bytes; returns every message (or unframeable chunk, or stray bytes) now complete. */
  push(chunk: Buffer): Frame[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: Frame[] = [];
    for (;;) {
      // CRLF keep-alives between messages (RFC 5626 3.5.1) are not messages.
      let skip = 0;
      while (skip < this.pending.length && (this.pending[skip] === 0x0d || this.pending[skip] === 0x0a)) skip++;
      if (skip > 0) this.pending = this.pending.subarray(skip);
      if (this.pending.length === 0) break;

      const firstLineEnd = this.pending.indexOf('\n');
      const firstLine = firstLineEnd >= 0 ? this.pending.subarray(0, firstLineEnd).toString('latin1') : '';
      const glued = firstLineEnd >= 0 ? gluedPrefix(firstLine) : 0;
      if (glued > 0) {
        frames.push({ bytes: this.pending.subarray(0, glued), stray: true });
        this.pending = this.pending.subarray(glued);
        continue;
      }
      if (firstLineEnd >= 0 && !START_LINE.test(firstLine)) {
        // Not a start line: stray bytes up to where a message starts again (or, with none in
        // sight yet, up to the last line end, keeping the rest in case it begins one).
        const text = this.pending.toString('latin1');
        const again = RESYNC.exec(text.slice(1));
        const cut = again ? again.index + 1 : text.lastIndexOf('\n') + 1;
        frames.push({ bytes: this.pending.subarray(0, cut), stray: true });
        this.pending = this.pending.subarray(cut);
        continue;
      }

      const section = headerSectionEnd(this.pending);
      if (!section) {
        if (this.pending.length > MAX_HEADER_BYTES) {
          frames.push({ bytes: this.pending, error: `no empty line within ${MAX_HEADER_BYTES} bytes: not a SIP message` });
          this.pending = Buffer.alloc(0);
        }
        break;
      }
      const head = this.pending.subarray(0, section.headEnd).toString('latin1');
      // At a line start (LF; a bare CR ends no line here), the value possibly folded onto the next line (RFC 3261 7.3.1).
      const match = /(?:^|\n)(?:content-length|l)[ \t]*:[ \t]*(?:\r?\n[ \t]+)?([^\s]*)/i.exec(head);
      if (!match || !/^\d+$/.test(match[1])) {
        // Without a usable length the stream cannot be framed any further: hand over all of it.
        const why = match ? `Content-Length is not a number: "${match[1]}"` : 'no Content-Length on a stream transport';
        frames.push({ bytes: this.pending, error: `${why} (RFC 3261 18.3); the rest of the stream cannot be framed` });
        this.pending = Buffer.alloc(0);
        break;
      }
      const end = section.bodyStart + Number(match[1]);
      if (this.pending.length < end) break;
      frames.push({ bytes: this.pending.subarray(0, end) });
      this.pending = this.pending.subarray(end);
    }
    return frames;
  }

  /** Bytes left over when the connection closed: an incomplete message, still evidence. */
  end(): Frame[] {
    if (this.pending.length === 0) return [];
    const bytes = this.pending;
    this.pending = Buffer.alloc(0);
    const section = headerSectionEnd(bytes);
    const declared = section ? /(?:^|\n)(?:content-length|l)[ \t]*:[ \t]*(?:\r?\n[ \t]+)?(\d+)/i.exec(bytes.subarray(0, section.headEnd).toString('latin1'))?.[1] : undefined;
    const got = section ? bytes.length - section.bodyStart : 0;
    return [{ bytes, error: declared !== undefined ? `incomplete message: Content-Length says ${declared} bytes, ${got} came before the connection ended or the test bed stopped` : 'the connection closed in the middle of a message' }];
  }
}
