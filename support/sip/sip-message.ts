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
  /** The body bytes after the empty line (for TCP, exactly Content-Length bytes). */
  body: Buffer;
}
