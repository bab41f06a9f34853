import { randomBytes } from 'node:crypto';
import { findHeaders, headerValue } from '../sip/sip-parser';
import type { SipMessage } from '../sip/sip-message';
import { REASON_PHRASES } from './invite-script';

/**
 * Builds response bytes for a request as RFC 3261 8.2.6.2 asks: Via lines, From, Call-ID and
 * CSeq copied as they came; To copied, with the server's tag added when it has none.
 */
export interface ResponseParts {
  status: number;
  reason?: string;
  /** The To tag to add when the request's To has none (not on 100 Trying, RFC 3261 8.2.6.2). */
  toTag?: string;
  /** Extra header lines, each "Name: value", in order. */
  headers?: string[];
  contentType?: string;
  body?: string;
}

export function newTag(): string {
  return randomBytes(6).toString('hex');
}

export function buildResponse(request: SipMessage, parts: ResponseParts): Buffer {
  const reason = parts.reason ?? REASON_PHRASES[parts.status] ?? 'Unknown';
  const lines = [`SIP/2.0 ${parts.status} ${reason}`];
  for (const via of findHeaders(request, 'Via')) lines.push(`Via: ${via.value}`);
  const copy = (name: string): void => {
    const value = headerValue(request, name);
    if (value !== undefined) lines.push(`${name}: ${value}`);
  };
  copy('From');
  const to = headerValue(request, 'To') ?? '';
  lines.push(`To: ${parts.toTag && !/;\s*tag=/i.test(to) ? `${to};tag=${parts.toTag}` : to}`);
  copy('Call-ID');
  copy('CSeq');
  lines.push('Server: simple-im-conformance mock IM Server');
  lines.push(...(parts.headers ?? []));
  const body = Buffer.from(parts.body ?? '', 'utf8');
  if (parts.contentType) lines.push(`Content-Type: ${parts.contentType}`);
  // Byte length, not string length: the body may hold non-ASCII text.
  lines.push(`Content-Length: ${body.length}`);
  return Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'utf8'), body]);
}
