import type { RecordedMessage, Transport } from '../../support/sip/recorded-message';
import { parseSipMessage, SipParseError } from '../../support/sip/sip-parser';

/**
 * Test data: recorded messages built from SIP text as a client would send it. Lines are joined
 * with CRLF and Content-Length is computed in bytes unless the text gives one.
 */
export function sipText(lines: string[], body = ''): Buffer {
  const head = lines.some((l) => /^content-length\s*:/i.test(l)) ? lines : [...lines, `Content-Length: ${Buffer.byteLength(body, 'utf8')}`];
  return Buffer.from(`${head.join('\r\n')}\r\n\r\n${body}`, 'utf8');
}

export function recorded(
  bytes: Buffer | string,
  o: { seq?: number; direction?: RecordedMessage['direction']; transport?: Transport; at?: number; to?: { host: string; port: number } } = {},
): RecordedMessage {
  const raw = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  const fromClient = (o.direction ?? 'from-client') === 'from-client';
  const client = { host: '127.0.0.2', port: 5070 };
  const bed = o.to ?? { host: '127.0.0.1', port: 5060 };
  const m: RecordedMessage = {
    seq: o.seq ?? 1,
    at: o.at ?? 1_000_000,
    direction: o.direction ?? 'from-client',
    transport: o.transport ?? 'udp',
    source: fromClient ? client : bed,
    destination: fromClient ? bed : client,
    bytes: raw,
  };
  try {
    m.sip = parseSipMessage(raw, { datagram: m.transport === 'udp' });
  } catch (e) {
    if (!(e instanceof SipParseError)) throw e;
    m.parseError = e.message;
  }
  return m;
}

export const OFFER = [
  'v=0',
  'o=- 1 1 IN IP4 127.0.0.2',
  's=-',
  'c=IN IP4 127.0.0.2',
  't=0 0',
  'm=message 40997 TCP/MSRP *',
  'a=accept-types:message/cpim text/plain',
  'a=path:msrp://127.0.0.2:40997/abc;tcp',
  'a=setup:active',
  '',
].join('\r\n');

export const CONFERENCE = 'sip:conf-42@conference.example.invalid';
export const PROXY = 'sip:127.0.0.1:5060;transport=udp;lr';

/** A rejoin INVITE as a conformant client sends it; `change` edits its header lines first. */
export function inviteLines(change: (lines: string[]) => string[] = (l) => l): string[] {
  return change([
    `INVITE ${CONFERENCE} SIP/2.0`,
    'Via: SIP/2.0/UDP 127.0.0.2:5070;branch=z9hG4bK776asdhds;rport',
    'Max-Forwards: 70',
    `Route: <${PROXY}>`,
    'From: <sip:alice@example.invalid>;tag=1928301774',
    `To: <${CONFERENCE}>`,
    'Call-ID: a84b4c76e66710@127.0.0.2',
    'CSeq: 314159 INVITE',
    'Contact: <sip:alice@127.0.0.2:5070;transport=udp>;+g.oma.sip-im',
    'Accept-Contact: *;+g.oma.sip-im',
    'User-Agent: IM-client/OMA1.0 simple-im-reference/0.1.0',
    'Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, NOTIFY',
    'Content-Type: application/sdp',
  ]);
}

export function invite(change?: (lines: string[]) => string[], body = OFFER, o: Parameters<typeof recorded>[1] = {}): RecordedMessage {
  return recorded(sipText(inviteLines(change), body), o);
}

/** Replaces the header line starting with `name:` (or removes it when `value` is undefined). */
export function setHeader(name: string, value?: string): (lines: string[]) => string[] {
  return (lines) => {
    const i = lines.findIndex((l) => l.toLowerCase().startsWith(name.toLowerCase() + ':'));
    const copy = [...lines];
    if (value === undefined) {
      if (i >= 0) copy.splice(i, 1);
    } else if (i >= 0) copy[i] = `${name}: ${value}`;
    else copy.push(`${name}: ${value}`);
    return copy;
  };
}

/** The test bed's 200 OK to `inviteMessage`'s lines, with the given Contact and Allow lines. */
export function okLines(o: { contact?: string; allow?: string[] | null; toTag?: string; recordRoute?: string[] } = {}): string[] {
  const lines = [
    'SIP/2.0 200 OK',
    'Via: SIP/2.0/UDP 127.0.0.2:5070;branch=z9hG4bK776asdhds;rport',
    ...(o.recordRoute ?? []).map((uri) => `Record-Route: <${uri}>`),
    'From: <sip:alice@example.invalid>;tag=1928301774',
    `To: <${CONFERENCE}>;tag=${o.toTag ?? 'srv1'}`,
    'Call-ID: a84b4c76e66710@127.0.0.2',
    'CSeq: 314159 INVITE',
    `Contact: <${o.contact ?? 'sip:conf-42-session@focus.example.invalid'}>;isfocus`,
  ];
  const allow = o.allow === undefined ? ['INVITE, ACK, CANCEL, BYE, SUBSCRIBE, NOTIFY'] : o.allow;
  if (allow) lines.push(...allow.map((a) => `Allow: ${a}`));
  return lines;
}
