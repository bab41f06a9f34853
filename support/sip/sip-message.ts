/**
 * The test bed's own view of a SIP message as it was on the wire (RFC 3261 section 7).
 * Headers keep their wire order, their line numbers and their raw text, because checks must
 * judge the wire text: the `sip` package merges repeated headers and rewrites parameters.
 */
export interface HeaderLine {
  /** Canonical name (compact forms expanded: "v" → "Via"), as RFC 3261 7.3.3 lists them. */
  name: string;
  /** The value with folding undone and surrounding white space trimmed. */
  value: string;
  /** 1-based number of the line where the header starts (the start line is line 1). */
  lineNumber: number;
  /** The header exactly as it was on the wire, folded continuation lines included. */
  raw: string;
}

export interface SipMessage {
  kind: 'request' | 'response';
  /** The start line as it was on the wire, without CRLF. */
  startLine: string;
  /** Requests: method and Request-URI. */
  method?: string;
  requestUri?: string;
  /** Responses: status code and reason phrase. */
  status?: number;
  reason?: string;
  /** "SIP/2.0". */
  version: string;
  headers: HeaderLine[];
  /**
   * The body: what follows the empty line, cut to Content-Length when that is shorter
   * (RFC 3261 18.3: over UDP the bytes past it are discarded; over TCP they belong to the stream).
   */
  body: Buffer;
  /**
   * Lines the parser could not read as headers (no colon, a bad name, not UTF-8). They are left
   * out of `headers`, so the rest of the message is still judged; the message is not well-formed.
   */
  malformed: MalformedLine[];
  /** What is wrong with the framing, when Content-Length does not describe the body (RFC 3261 18.3, 20.14). */
  lengthProblem?: LengthProblem;
}

export interface MalformedLine {
  /** 1-based line number, as in HeaderLine. */
  lineNumber: number;
  /** The line as received (latin1 when it is not UTF-8). */
  text: string;
  reason: string;
}

export interface LengthProblem {
  /** The sentence a finding quotes. */
  reason: string;
  /** The Content-Length header line, when there is one. */
  line?: HeaderLine;
  /** Bytes of the datagram after the declared length: discarded (RFC 3261 18.3). */
  discarded?: Buffer;
}
