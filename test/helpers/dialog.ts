import type { RecordedMessage } from '../../support/sip/recorded-message';
import { invite, okLines, recorded, sipText } from './messages';

/** A rejoin exchange as the suite records it: INVITE #1, 200 OK #2 (to-client), then what follows. */
export const INVITE_MSG = invite(undefined, undefined, { seq: 1 });
export const FOCUS = 'sip:conf-42-session@focus.example.invalid';

export function ok(o: Parameters<typeof okLines>[0] = {}, seq = 2): RecordedMessage {
  return recorded(sipText(okLines(o)), { seq, direction: 'to-client' });
}

/** A request the client sends in the INVITE's dialog (or, with `callId`, in another one). */
export function request(
  method: string,
  seq: number,
  o: { uri?: string; branch?: string; cseq?: string; toTag?: string | null; fromTag?: string; callId?: string; extra?: string[] } = {},
): RecordedMessage {
  const lines = [
    `${method} ${o.uri ?? FOCUS} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.2:5070;branch=${o.branch ?? `z9hG4bK${method.toLowerCase()}${seq}`}`,
    'Max-Forwards: 70',
    `From: <sip:alice@example.invalid>;tag=${o.fromTag ?? '1928301774'}`,
    `To: <sip:conf-42@conference.example.invalid>${o.toTag === null ? '' : `;tag=${o.toTag ?? 'srv1'}`}`,
    `Call-ID: ${o.callId ?? 'a84b4c76e66710@127.0.0.2'}`,
    `CSeq: ${o.cseq ?? `314159 ${method}`}`,
    ...(o.extra ?? []),
  ];
  return recorded(sipText(lines), { seq });
}
