import type { HeaderLine, LengthProblem, MalformedLine, SipMessage } from './sip-message';
import type { RecordedMessage } from './recorded-message';

/**
 * The test bed's own SIP parser (RFC 3261 sections 7 and 25). It keeps what the `sip` package
 * throws away: wire order, line numbers, raw text and repeated headers. It is strict where a
 * check needs a reason ("no empty line after the headers") and never guesses.
 */

export class SipParseError extends Error {
  constructor(
    message: string,
    /** 1-based line where the problem is, when there is one. */
    readonly lineNumber?: number,
  ) {
    super(message);
    this.name = 'SipParseError';
  }
}

/** RFC 3261 7.3.3 compact forms, plus those of later RFCs (RFC 6665 "o", RFC 3515 "r", RFC 3841 "a", ...). */
const COMPACT_FORMS = new Map<string, string>([
  ['i', 'Call-ID'],
  ['m', 'Contact'],
  ['e', 'Content-Encoding'],
  ['l', 'Content-Length'],
  ['c', 'Content-Type'],
  ['f', 'From'],
  ['s', 'Subject'],
  ['k', 'Supported'],
  ['t', 'To'],
  ['v', 'Via'],
  ['o', 'Event'],
  ['r', 'Refer-To'],
  ['u', 'Allow-Events'],
  ['x', 'Session-Expires'],
  // RFC 3841 (caller preferences), RFC 3892, RFC 4474.
  ['a', 'Accept-Contact'],
  ['j', 'Reject-Contact'],
  ['d', 'Request-Disposition'],
  ['b', 'Referred-By'],
  ['y', 'Identity'],
  ['n', 'Identity-Info'],
]);

/** Canonical spellings for headers whose usual capitalisation is not plain Title-Case. */
const CANONICAL = new Map<string, string>(
  ['Call-ID', 'CSeq', 'WWW-Authenticate', 'MIME-Version', 'P-Asserted-Identity', 'P-Preferred-Identity', 'P-Access-Network-Info', 'RSeq', 'RAck']
    .map((n) => [n.toLowerCase(), n]),
);

/** The canonical name of a header: compact form expanded, usual capitalisation. */
export function canonicalHeaderName(name: string): string {
  const lower = name.toLowerCase();
  const compact = COMPACT_FORMS.get(lower);
  if (compact) return compact;
  return CANONICAL.get(lower) ?? lower.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());
}

const TOKEN = /^[A-Za-z0-9\-.!%*_+`'~]+$/;
const REQUEST_LINE = /^([A-Za-z0-9\-.!%*_+`'~]+) (\S+) (SIP\/\d+\.\d+)$/;
const STATUS_LINE = /^(SIP\/\d+\.\d+) (\d{3}) (.*)$/;

/** Where the header section ends: the first empty line (CRLF CRLF, or bare LF LF). */
export function headerSectionEnd(bytes: Buffer): { headEnd: number; bodyStart: number } | undefined {
  const crlf = bytes.indexOf('\r\n\r\n');
  const lf = bytes.indexOf('\n\n');
  if (crlf < 0 && lf < 0) return undefined;
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return { headEnd: crlf, bodyStart: crlf + 4 };
  return { headEnd: lf, bodyStart: lf + 2 };
}

export interface ParseOptions {
  /**
   * The bytes are one UDP datagram (the default): a Content-Length shorter than what follows the
   * empty line cuts the body there and the rest is discarded (RFC 3261 18.3). Over a stream the
   * framer has already cut the message at Content-Length.
   */
  datagram?: boolean;
}

/**
 * Parses one message. Only what leaves nothing to judge is refused (SipParseError): no bytes, a
 * start line that is neither a Request-Line nor a Status-Line, no empty line after the headers.
 * A header line that cannot be read is kept apart in `malformed` and a Content-Length that does
 * not describe the body in `lengthProblem`, so every other header is still read and judged.
 */
export function parseSipMessage(bytes: Buffer, options: ParseOptions = {}): SipMessage {
  if (bytes.length === 0) throw new SipParseError('empty message');
  const section = headerSectionEnd(bytes);
  if (!section) throw new SipParseError('no empty line ends the header section');
  const rawLines = splitLines(bytes.subarray(0, section.headEnd));
  const startLine = decodeUtf8(rawLines[0]);
  if (startLine === undefined) throw new SipParseError('the start line is not valid UTF-8', 1);
  const message = parseStartLine(startLine);
  const { headers, malformed } = parseHeaderLines(rawLines);
  const received = bytes.subarray(section.bodyStart);
  const { body, lengthProblem } = frameBody(headers, received, options.datagram ?? true);
  return { ...message, startLine, headers, body, malformed, ...(lengthProblem ? { lengthProblem } : {}) };
}

/** The body as Content-Length frames it, and what is wrong with that length, if anything. */
function frameBody(headers: HeaderLine[], received: Buffer, datagram: boolean): { body: Buffer; lengthProblem?: LengthProblem } {
  const lengths = headers.filter((h) => h.name === 'Content-Length');
  if (lengths.length === 0) return { body: received };
  const line = lengths[0];
  if (lengths.length > 1) {
    return { body: received, lengthProblem: { reason: `${lengths.length} Content-Length headers (lines ${lengths.map((h) => h.lineNumber).join(', ')})`, line: lengths[1] } };
  }
  if (!/^\d+$/.test(line.value)) return { body: received, lengthProblem: { reason: `Content-Length is not a number: "${line.value}"`, line } };
  const declared = Number(line.value);
  if (declared === received.length) return { body: received };
  if (declared < received.length) {
    const discarded = received.subarray(declared);
    // Over a stream the framer has cut the message at the declared length; only a datagram has more.
    const where = datagram ? 'the datagram' : 'the message';
    return {
      body: received.subarray(0, declared),
      lengthProblem: {
        reason: `Content-Length says ${declared} bytes but ${where} holds ${received.length} after the empty line; the ${discarded.length} bytes past the declared length are discarded (RFC 3261 18.3)`,
        line,
        discarded,
      },
    };
  }
  return { body: received, lengthProblem: { reason: `Content-Length says ${declared} bytes but only ${received.length} follow the empty line: the message is cut short (RFC 3261 18.3)`, line } };
}

/** The header section's lines as bytes, CRLF or bare LF, the CR removed. */
function splitLines(head: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let from = 0;
  for (let i = head.indexOf(0x0a); i >= 0; i = head.indexOf(0x0a, from)) {
    lines.push(head.subarray(from, i > from && head[i - 1] === 0x0d ? i - 1 : i));
    from = i + 1;
  }
  const last = head.subarray(from);
  lines.push(last.length > 0 && last[last.length - 1] === 0x0d ? last.subarray(0, -1) : last);
  return lines;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

function decodeUtf8(line: Buffer): string | undefined {
  try {
    return UTF8.decode(line);
  } catch {
    return undefined;
  }
}

function parseStartLine(line: string): Omit<SipMessage, 'startLine' | 'headers' | 'body' | 'malformed' | 'lengthProblem'> {
  const status = STATUS_LINE.exec(line);
  if (status) {
    if (status[1] !== 'SIP/2.0') throw new SipParseError(`unsupported SIP version "${status[1]}"`, 1);
    return { kind: 'response', version: status[1], status: Number(status[2]), reason: status[3] };
  }
  const request = REQUEST_LINE.exec(line);
  if (request) {
    if (request[3] !== 'SIP/2.0') throw new SipParseError(`unsupported SIP version "${request[3]}"`, 1);
    return { kind: 'request', version: request[3], method: request[1], requestUri: request[2] };
  }
  throw new SipParseError(`the start line is neither a Request-Line nor a Status-Line: "${line}"`, 1);
}

function parseHeaderLines(lines: Buffer[]): { headers: HeaderLine[]; malformed: MalformedLine[] } {
  const headers: HeaderLine[] = [];
  const malformed: MalformedLine[] = [];
  // A continuation line after a malformed one belongs to it, not to the header before that.
  let lastWasHeader = false;
  for (let i = 1; i < lines.length; i++) {
    const line = decodeUtf8(lines[i]);
    if (line === undefined) {
      malformed.push({ lineNumber: i + 1, text: lines[i].toString('latin1'), reason: 'the line is not valid UTF-8 (RFC 3261 25.1)' });
      lastWasHeader = false;
      continue;
    }
    if (/^[ \t]/.test(line)) {
      // Folding (RFC 3261 7.3.1): a continuation line belongs to the header above it.
      const last = headers[headers.length - 1];
      if (lastWasHeader && last) {
        last.raw += '\r\n' + line;
        last.value = `${last.value} ${line.trim()}`.trim();
      } else if (i === 1) {
        malformed.push({ lineNumber: i + 1, text: line, reason: 'a continuation line comes before any header' });
      }
      continue;
    }
    const colon = line.indexOf(':');
    const name = colon < 0 ? '' : line.slice(0, colon).trimEnd();
    if (colon < 0 || !TOKEN.test(name)) {
      malformed.push({ lineNumber: i + 1, text: line, reason: colon < 0 ? 'not a header line (no colon)' : `not a header line ("${name}" is not a header name)` });
      lastWasHeader = false;
      continue;
    }
    headers.push({ name: canonicalHeaderName(name), value: line.slice(colon + 1).trim(), lineNumber: i + 1, raw: line });
    lastWasHeader = true;
  }
  return { headers, malformed };
}

/** Every header line with this name (any case, compact form or not), in wire order. */
export function findHeaders(message: SipMessage, name: string): HeaderLine[] {
  const wanted = canonicalHeaderName(name);
  return message.headers.filter((h) => h.name === wanted);
}

export function findHeader(message: SipMessage, name: string): HeaderLine | undefined {
  return findHeaders(message, name)[0];
}

export function headerValue(message: SipMessage, name: string): string | undefined {
  return findHeader(message, name)?.value;
}

/**
 * The comma-separated values of a header over all its lines (RFC 3261 7.3.1: repeated lines are
 * one comma-separated list). Commas inside quotes or angle brackets do not split.
 */
export function headerValues(message: SipMessage, name: string): string[] {
  return findHeaders(message, name).flatMap((h) => splitList(h.value));
}

export function splitList(value: string): string[] {
  return splitOutside(value, ',', true)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * `text` cut at every `separator` outside a quoted string (backslash escapes inside it) and, when
 * `angles` is set, outside <…>. The pieces are as written: not trimmed, empty ones kept.
 */
function splitOutside(text: string, separator: string, angles: boolean): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  let angle = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '\\') {
      current += c + (text[++i] ?? '');
      continue;
    }
    if (c === '"') quoted = !quoted;
    else if (angles && !quoted && c === '<') angle++;
    else if (angles && !quoted && c === '>') angle = Math.max(0, angle - 1);
    if (c === separator && !quoted && angle === 0) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}

/** The header parameters after a value (";tag=x;isfocus"), names lower-cased; a flag maps to "". */
export function headerParams(value: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const part of splitOutside(value.slice(paramsStart(value)), ';', false).slice(1)) {
    const eq = part.indexOf('=');
    const key = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
    if (key) params.set(key, eq < 0 ? '' : part.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1'));
  }
  return params;
}

/**
 * Where the header parameters begin (RFC 3261 20.10, 25.1): after the '>' that closes the
 * name-addr (a quoted display name may hold '<' or '>'), or at the first ';' of an addr-spec.
 * A quoted parameter value may hold '>' too (+sip.instance="<urn:uuid:…>", RFC 5626).
 */
function paramsStart(value: string): number {
  // An unclosed quote (a malformed value, from-to-syntax FAILs it) is read as no quote at all.
  const quotes = (value.match(/(?<!\\)"/g) ?? []).length;
  const honourQuotes = quotes % 2 === 0;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (quoted && c === '\\') i++;
    else if (c === '"' && honourQuotes) quoted = !quoted;
    else if (!quoted && c === '<') {
      const close = value.indexOf('>', i);
      return close < 0 ? value.length : close + 1;
    } else if (!quoted && c === ';') return i;
  }
  return value.length;
}

/**
 * What the test bed makes of a recorded message's bytes, as it crossed (and as `npm run rejudge`
 * makes of them again): SIP parsed; a frame error or a parse error with its reason; MSRP,
 * keep-alives and failed TLS handshakes left unparsed.
 */
export function parseRecorded(m: Pick<RecordedMessage, 'bytes' | 'transport' | 'protocol' | 'frameError'>): Pick<RecordedMessage, 'sip' | 'parseError'> {
  if (m.protocol) return {};
  if (m.frameError !== undefined) return { parseError: m.frameError };
  try {
    return { sip: parseSipMessage(m.bytes, { datagram: m.transport === 'udp' }) };
  } catch (e) {
    if (!(e instanceof SipParseError)) throw e;
    return { parseError: e.lineNumber !== undefined ? `line ${e.lineNumber}: ${e.message}` : e.message };
  }
}
