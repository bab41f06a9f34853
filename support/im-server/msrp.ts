/**
 * Just enough MSRP (RFC 4975) for the mock IM Server to be a real peer: cut a TCP stream into
 * messages at their end-lines, and answer a request with 200 OK.
 */

const START = /^MSRP ([A-Za-z0-9][A-Za-z0-9.\-+%=]{3,31}) ([A-Z]+|\d{3})/;

export class MsrpFramer {
  private pending = Buffer.alloc(0);

  /** Complete messages in the bytes so far: each ends with "-------<transaction-id>" + $, + or #. */
  push(chunk: Buffer): Buffer[] {
    this.pending = Buffer.concat([this.pending, chunk]);
    const out: Buffer[] = [];
    for (;;) {
      const head = START.exec(this.pending.subarray(0, 80).toString('latin1'));
      if (!head) {
        // Not MSRP at all: hand it over whole once a line is complete, so it is still evidence.
        const eol = this.pending.indexOf('\r\n');
        if (eol < 0) break;
        const end = this.pending.indexOf('\r\nMSRP ', eol);
        const cut = end < 0 ? this.pending.length : end + 2;
        out.push(this.pending.subarray(0, cut));
        this.pending = this.pending.subarray(cut);
        continue;
      }
      const endLine = `-------${head[1]}`;
      const at = this.pending.indexOf(endLine);
      if (at < 0 || this.pending.length < at + endLine.length + 3) break;
      const end = at + endLine.length + 1 + 2; // flag character and CRLF
      out.push(this.pending.subarray(0, end));
      this.pending = this.pending.subarray(end);
    }
    return out;
  }

  end(): Buffer | undefined {
    const rest = this.pending.length > 0 ? this.pending : undefined;
    this.pending = Buffer.alloc(0);
    return rest;
  }
}

/** 200 OK to an MSRP request (RFC 4975 7.2: To-Path is the request's From-Path); nothing to a response. */
export function msrpResponse(request: Buffer): Buffer | undefined {
  const text = request.toString('utf8');
  const head = START.exec(text);
  if (!head || /^\d{3}$/.test(head[2])) return undefined;
  const header = (name: string): string | undefined => new RegExp(`^${name}:[ \\t]*(.*?)\\r?$`, 'im').exec(text)?.[1];
  const fromPath = header('From-Path');
  const toPath = header('To-Path');
  if (!fromPath || !toPath) return undefined;
  const own = toPath.trim().split(/\s+/).pop()!;
  return Buffer.from(`MSRP ${head[1]} 200 OK\r\nTo-Path: ${fromPath.trim().split(/\s+/).pop()}\r\nFrom-Path: ${own}\r\n-------${head[1]}$\r\n`, 'utf8');
}
