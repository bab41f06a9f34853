import { headerSectionEnd } from './sip-parser';

/**
 * Cuts a TCP byte stream into SIP messages (RFC 3261 18.3: over a stream, Content-Length
 * frames the body). It never throws: bytes it cannot frame come out as a chunk with a reason,
 * so they are recorded and judged instead of vanishing.
 */
export type Frame = { bytes: Buffer; error?: undefined } | { bytes: Buffer; error: string };

/** Headers longer than this without an empty line are not a SIP message. */
export const MAX_HEADER_BYTES = 64 * 1024;

export class StreamFramer {
  private pending: Buffer = Buffer.alloc(0);

  /** Feeds received bytes; returns every message (or unframeable chunk) now complete. */
  push(chunk: Buffer): Frame[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: Frame[] = [];
    for (;;) {
      // CRLF keep-alives between messages (RFC 5626 3.5.1) are not messages.
      let skip = 0;
      while (skip < this.pending.length && (this.pending[skip] === 0x0d || this.pending[skip] === 0x0a)) skip++;
      if (skip > 0) this.pending = this.pending.subarray(skip);
      if (this.pending.length === 0) break;

      const section = headerSectionEnd(this.pending);
      if (!section) {
        if (this.pending.length > MAX_HEADER_BYTES) {
          frames.push({ bytes: this.pending, error: `no empty line within ${MAX_HEADER_BYTES} bytes: not a SIP message` });
          this.pending = Buffer.alloc(0);
        }
        break;
      }
      const head = this.pending.subarray(0, section.headEnd).toString('latin1');
      const match = /^(?:content-length|l)[ \t]*:[ \t]*(\S*)/im.exec(head);
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
    return [{ bytes, error: 'the connection closed in the middle of a message' }];
  }
}
