/**
 * A minimal SIP message model for the independent client: its own parsing and building, on
 * purpose sharing nothing with the suite's parser (support/sip) or the reference client
 * (client/), so that a mistake common to both cannot hide.
 *
 * RFC 3261 section 7: a start line, header fields (each may repeat; a comma-separated value may
 * hold several entries; a line starting with white space continues the one before), an empty
 * line, a body whose length in bytes Content-Length gives.
 */

export interface Header {
  name: string;
  value: string;
}

export interface Message {
  kind: 'request' | 'response';
  /** Requests. */
  method?: string;
  uri?: string;
  /** Responses. */
  status?: number;
  reason?: string;
  headers: Header[];
  body: Buffer;
}

/** RFC 3261 7.3.3 compact forms, as the long names this module uses. */
const COMPACT: Record<string, string> = {
  i: 'call-id',
  m: 'contact',
  e: 'content-encoding',
  l: 'content-length',
  c: 'content-type',
  f: 'from',
  s: 'subject',
  k: 'supported',
  t: 'to',
  v: 'via',
  a: 'accept-contact',
  o: 'event',
  u: 'allow-events',
  r: 'refer-to',
  b: 'referred-by',
  j: 'reject-contact',
  d: 'request-disposition',
  x: 'session-expires',
  y: 'identity',
};

export function canonicalName(name: string): string {
  const lower = name.toLowerCase();
  return COMPACT[lower] ?? lower;
}

/** Where the header section ends: the index of the empty line's CRLFCRLF (or LFLF), and the body's start. */
export function findHeaderEnd(bytes: Buffer): { headEnd: number; bodyStart: number } | undefined {
  const crlf = bytes.indexOf('\r\n\r\n');
  const lf = bytes.indexOf('\n\n');
  if (crlf < 0 && lf < 0) return undefined;
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return { headEnd: crlf, bodyStart: crlf + 4 };
  return { headEnd: lf, bodyStart: lf + 2 };
}

export class ParseError extends Error {}

/**
 * Parses one message. `datagram`: over UDP the datagram is the message (RFC 3261 18.3: bytes
 * past Content-Length are dropped, a missing Content-Length means the rest of the datagram).
 * Over a stream the framer has already cut the message at its declared length.
 */
export function parse(bytes: Buffer): Message {
  const end = findHeaderEnd(bytes);
  if (!end) throw new ParseError('no empty line after the headers');
  const head = bytes.subarray(0, end.headEnd).toString('utf8');
  const rawLines = head.split(/\r?\n/);
  const start = rawLines.shift() ?? '';
  const headers: Header[] = [];
  for (const line of rawLines) {
    if (/^[ \t]/.test(line)) {
      if (headers.length === 0) throw new ParseError('a continuation line before any header');
      headers[headers.length - 1].value += ' ' + line.trim();
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) throw new ParseError(`not a header line: ${JSON.stringify(line)}`);
    headers.push({ name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() });
  }
  let body = bytes.subarray(end.bodyStart);
  const length = headerOf({ headers }, 'content-length');
  if (length !== undefined) {
    if (!/^\d+$/.test(length)) throw new ParseError(`Content-Length is not a number: ${length}`);
    const n = Number(length);
    if (n > body.length) throw new ParseError(`Content-Length ${n} is more than the ${body.length} bytes that came`);
    body = body.subarray(0, n);
  }
  body = Buffer.from(body);

  const response = /^SIP\/2\.0[ \t]+(\d{3})[ \t]?(.*)$/i.exec(start);
  if (response) return { kind: 'response', status: Number(response[1]), reason: response[2], headers, body };
  const request = /^([A-Za-z0-9.!%*_+`'~-]+)[ \t]+(\S+)[ \t]+SIP\/2\.0$/i.exec(start);
  if (request) return { kind: 'request', method: request[1], uri: request[2], headers, body };
  throw new ParseError(`not a SIP start line: ${JSON.stringify(start)}`);
}

/** All values of a header, by its long or compact name, each comma-separated entry apart. */
export function headerEntries(m: Pick<Message, 'headers'>, name: string): string[] {
  const want = canonicalName(name);
  return m.headers.filter((h) => canonicalName(h.name) === want).flatMap((h) => splitCommas(h.value));
}

/** The first header line's whole value, by long or compact name. */
export function headerOf(m: Pick<Message, 'headers'>, name: string): string | undefined {
  const want = canonicalName(name);
  return m.headers.find((h) => canonicalName(h.name) === want)?.value;
}

/** Splits a header value at the commas that separate entries: not inside <...> or "...". */
export function splitCommas(value: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (quoted) {
      if (ch === '\\' && i + 1 < value.length) {
        current += ch + value[++i];
        continue;
      }
      if (ch === '"') quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === '<') depth++;
    else if (ch === '>') depth = Math.max(0, depth - 1);
    else if (ch === ',' && depth === 0) {
      if (current.trim()) out.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

/** The URI of a name-addr (`"x" <sip:a@b>;p`) or of an addr-spec (`sip:a@b;p`, whose params belong to the header). */
export function uriOf(entry: string): string {
  const angle = /<([^>]*)>/.exec(entry);
  if (angle) return angle[1].trim();
  return entry.trim().split(';')[0].trim();
}

/** The header parameters after a name-addr or addr-spec (the `tag` of a From, say). */
export function headerParam(entry: string, name: string): string | undefined {
  const close = entry.lastIndexOf('>');
  const params = close >= 0 ? entry.slice(close + 1) : entry.slice(entry.indexOf(';') >= 0 ? entry.indexOf(';') : entry.length);
  for (const p of params.split(';')) {
    const [k, v] = p.split('=');
    if (k.trim().toLowerCase() === name.toLowerCase()) return (v ?? '').trim();
  }
  return undefined;
}

export interface SipUri {
  scheme: string;
  user?: string;
  host: string;
  port?: number;
  params: Map<string, string>;
}

/** Enough of RFC 3261 19.1 to route: scheme, user, host, port, URI parameters. */
export function parseUri(uri: string): SipUri {
  const m = /^(sips?):(?:([^@]*)@)?(\[[^\]]+\]|[^:;?]+)(?::(\d+))?([^?]*)/i.exec(uri.trim());
  if (!m) throw new ParseError(`not a SIP URI: ${uri}`);
  const params = new Map<string, string>();
  for (const p of m[5].split(';').slice(1)) {
    const [k, v] = p.split('=');
    params.set(k.toLowerCase(), v ?? '');
  }
  return { scheme: m[1].toLowerCase(), user: m[2]?.split(':')[0], host: m[3], port: m[4] ? Number(m[4]) : undefined, params };
}

export const isIpv4 = (host: string): boolean => /^\d{1,3}(\.\d{1,3}){3}$/.test(host);

/** The compact forms this client sends when asked to (RFC 3261 7.3.3; "a" is RFC 3841's). */
const COMPACT_OUT: Record<string, string> = { 'Call-ID': 'i', Contact: 'm', 'Content-Length': 'l', 'Content-Type': 'c', From: 'f', To: 't', Via: 'v', 'Accept-Contact': 'a' };

/**
 * Builds a message's bytes: the start line, headers in order, Content-Length as given (the
 * body's length in bytes unless told otherwise); `compact` writes every header that has a
 * compact form in it.
 */
export function build(start: string, headers: Array<[string, string]>, body: Buffer, contentLength: number = body.length, compact = false): Buffer {
  const name = (n: string): string => (compact ? (COMPACT_OUT[n] ?? n) : n);
  const lines = [start, ...headers.map(([n, v]) => `${name(n)}: ${v}`), `${name('Content-Length')}: ${contentLength}`, '', ''];
  return Buffer.concat([Buffer.from(lines.join('\r\n'), 'utf8'), body]);
}

/**
 * Cuts a TCP byte stream into messages by Content-Length (RFC 3261 18.3). CRLFs between
 * messages are keep-alives (RFC 5626) and skipped. A head without Content-Length cannot be
 * framed: it is given up (the connection is useless from there, and is closed by the caller).
 */
export class StreamCutter {
  private pending = Buffer.alloc(0);

  push(chunk: Buffer): { messages: Buffer[]; broken?: string } {
    this.pending = Buffer.concat([this.pending, chunk]);
    const messages: Buffer[] = [];
    for (;;) {
      let skip = 0;
      while (skip < this.pending.length && (this.pending[skip] === 0x0d || this.pending[skip] === 0x0a)) skip++;
      this.pending = this.pending.subarray(skip);
      const end = findHeaderEnd(this.pending);
      if (!end) return { messages };
      const head = this.pending.subarray(0, end.headEnd).toString('latin1');
      const cl = /^(?:content-length|l)[ \t]*:[ \t]*(\d+)[ \t]*$/im.exec(head);
      if (!cl) {
        this.pending = Buffer.alloc(0);
        return { messages, broken: 'a message without Content-Length on a stream' };
      }
      const total = end.bodyStart + Number(cl[1]);
      if (this.pending.length < total) return { messages };
      messages.push(Buffer.from(this.pending.subarray(0, total)));
      this.pending = this.pending.subarray(total);
    }
  }
}
