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

/**
 * The IM Server's SDP answer (RFC 3264 section 6): one m=message line per offered MSRP stream,
 * its own path, accept-types, and setup:passive, since the offerer is active by default
 * (RFC 6135 section 4.2).
 */
export function msrpAnswer(host: string, msrpPort: number, sessionId: string): string {
  const ip = host.includes(':') ? 'IP6' : 'IP4';
  return [
    'v=0',
    `o=im-server ${Date.now()} 1 IN ${ip} ${host}`,
    's=-',
    `c=IN ${ip} ${host}`,
    't=0 0',
    `m=message ${msrpPort} TCP/MSRP *`,
    'a=accept-types:message/cpim text/plain',
    `a=path:msrp://${host.includes(':') ? `[${host}]` : host}:${msrpPort}/${sessionId};tcp`,
    'a=setup:passive',
    '',
  ].join('\r\n');
}

/**
 * The IM Server's NOTIFY for a conference subscription (RFC 6665 4.2.1.2, RFC 4575): in the
 * SUBSCRIBE's dialog, to its Contact, with a minimal conference-info document.
 */
export function buildNotify(
  subscribe: SipMessage,
  o: { host: string; port: number; transport: string; toTag: string; focusUri: string; terminated: boolean },
): Buffer {
  const target = /<([^>]+)>/.exec(headerValue(subscribe, 'Contact') ?? '')?.[1] ?? (headerValue(subscribe, 'Contact') ?? '').split(';')[0];
  const to = headerValue(subscribe, 'To') ?? '';
  const body = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<conference-info xmlns="urn:ietf:params:xml:ns:conference-info" entity="${escapeXml(o.focusUri)}" state="full" version="1">`,
    '  <conference-state><user-count>1</user-count></conference-state>',
    '</conference-info>',
    '',
  ].join('\r\n');
  const bytes = Buffer.from(body, 'utf8');
  const lines = [
    `NOTIFY ${target} SIP/2.0`,
    `Via: SIP/2.0/${o.transport.toUpperCase()} ${o.host}:${o.port};branch=z9hG4bK${newTag()}`,
    'Max-Forwards: 70',
    `From: ${/;\s*tag=/i.test(to) ? to : `${to};tag=${o.toTag}`}`,
    `To: ${headerValue(subscribe, 'From') ?? ''}`,
    `Call-ID: ${headerValue(subscribe, 'Call-ID') ?? ''}`,
    'CSeq: 1 NOTIFY',
    `Contact: <${o.focusUri}>;isfocus`,
    'Event: conference',
    `Subscription-State: ${o.terminated ? 'terminated;reason=timeout' : 'active;expires=600'}`,
    'Content-Type: application/conference-info+xml',
    `Content-Length: ${bytes.length}`,
  ];
  return Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'utf8'), bytes]);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}
