import { headerValue } from '../sip/sip-parser';
import type { SipMessage } from '../sip/sip-message';
import type { Transport } from '../sip/recorded-message';
import { buildResponse, newTag } from './responses';
import type { Reply } from './sip-transport';
import { hostPort } from '../sip/sip-uri';

/**
 * The conference event package's notifier (RFC 4575, RFC 6665): a SUBSCRIBE is accepted, and
 * the NOTIFY RFC 6665 4.2.1.2 requires goes after the 200 OK or, if the script says so, before
 * it (an order RFC 6665 allows). Both carry the SIP/IP Core's Record-Route: the subscription is
 * a dialog of its own.
 */
export interface SubscriptionContext {
  host: string;
  port: number;
  transport: Transport;
  notify: 'after-200' | 'before-200' | 'none';
  /** The Record-Route lines of the 200 OK and of the NOTIFY, top first. */
  recordRoute: { response: string[]; request: string[] };
}

export function answerSubscribe(request: SipMessage, c: SubscriptionContext, send: Reply): void {
  const toTag = newTag();
  const expires = headerValue(request, 'Expires') ?? '600';
  const focus = request.requestUri ?? '';
  const ok = buildResponse(request, { status: 200, toTag, headers: [...c.recordRoute.response, `Expires: ${expires}`, `Contact: <${focus}>;isfocus`] });
  const notify = (): void =>
    void send(buildNotify(request, { host: c.host, port: c.port, transport: c.transport, toTag, focusUri: focus, terminated: expires === '0', recordRoute: c.recordRoute.request }));
  if (c.notify === 'before-200') {
    notify();
    send(ok);
  } else {
    send(ok);
    if (c.notify === 'after-200') notify();
  }
}

/**
 * The IM Server's NOTIFY for a conference subscription (RFC 6665 4.2.1.2, RFC 4575): in the
 * SUBSCRIBE's dialog, to its Contact, with a minimal conference-info document.
 */
export function buildNotify(
  subscribe: SipMessage,
  o: { host: string; port: number; transport: string; toTag: string; focusUri: string; terminated: boolean; recordRoute?: string[] },
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
    `Via: SIP/2.0/${o.transport.toUpperCase()} ${hostPort(o.host, o.port)};branch=z9hG4bK${newTag()}`,
    'Max-Forwards: 70',
    ...(o.recordRoute ?? []),
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
