import { inviteLines, OFFER, sipText } from '../helpers/messages';

/**
 * Malformed and hostile client messages. The first group follows the categories of RFC 4475
 * (SIP torture tests), written for this project, not copied from it; the second is generated
 * from a valid rejoin INVITE. Each is something a broken or hostile client could send.
 */
export interface CorpusItem {
  name: string;
  bytes: Buffer;
}

const crlf = (lines: string[]): string => lines.join('\r\n');
const valid = sipText(inviteLines(), OFFER);
const text = valid.toString('utf8');

export const TORTURE: CorpusItem[] = [
  // Valid but unusual: a parser must accept these.
  ['folded and tab-separated headers, compact forms', crlf(['INVITE sip:conf@x.invalid SIP/2.0', 'v:  SIP/2.0/UDP 127.0.0.2:5070;branch=z9hG4bKa', '  ;rport', 'f:\t<sip:a@b>;tag=1', 't: <sip:conf@x.invalid>', 'i: c1', 'CSeq:\t1\tINVITE', 'l: 0', '', ''])],
  ['escaped user, odd but legal Request-URI', crlf(['INVITE sip:%61%20b%25c@X.INVALID;Transport=TCP;method=INVITE?Subject=a%20b SIP/2.0', 'Via: SIP/2.0/TCP h;branch=z9hG4bKb', 'Call-ID: c2', 'CSeq: 1 INVITE', 'Content-Length: 0', '', ''])],
  ['unknown method and unknown headers', crlf(['NEWMETHOD sip:conf@x.invalid SIP/2.0', 'Via: SIP/2.0/UDP h;branch=z9hG4bKc', 'X-Unknown: ¡hola!', 'Call-ID: c3', 'CSeq: 9 NEWMETHOD', 'Content-Length: 0', '', ''])],
  ['a header repeated many times', crlf(['INVITE sip:conf@x.invalid SIP/2.0', ...Array.from({ length: 200 }, (_, i) => `Via: SIP/2.0/UDP h${i};branch=z9hG4bK${i}`), 'Call-ID: c4', 'CSeq: 1 INVITE', 'Content-Length: 0', '', ''])],
  // Invalid: a parser must refuse these, with a reason.
  ['Content-Length larger than the body', text.replace(/Content-Length: \d+/, 'Content-Length: 9999')],
  ['negative Content-Length', text.replace(/Content-Length: \d+/, 'Content-Length: -5')],
  ['two Content-Length headers', text.replace(/Content-Length: (\d+)/, 'Content-Length: $1\r\nContent-Length: 0')],
  ['Request-URI with a space in it', text.replace(/^INVITE \S+/, 'INVITE sip:conf @x.invalid')],
  ['unknown SIP version', text.replace(/SIP\/2\.0\r\n/, 'SIP/7.0\r\n')],
  ['no empty line after the headers', crlf(['INVITE sip:conf@x.invalid SIP/2.0', 'Call-ID: c5'])],
  ['a continuation line before any header', crlf(['INVITE sip:conf@x.invalid SIP/2.0', '  continued', 'Content-Length: 0', '', ''])],
  ['a header line with no colon', text.replace('Max-Forwards: 70', 'Max-Forwards 70')],
  ['a Request-URI that is not SIP', text.replace(/^INVITE \S+/, 'INVITE tel:+1-555-0100')],
  ['an unterminated quoted display name', text.replace('From: <sip:alice@example.invalid>', 'From: "Alice <sip:alice@example.invalid>')],
  ['angle brackets never closed', text.replace(`To: <sip:conf-42@conference.example.invalid>`, 'To: <sip:conf-42@conference.example.invalid')],
  ['__proto__ as a Via parameter and header name', text.replace(';rport', ';__proto__=1;constructor').replace('Max-Forwards: 70', 'Max-Forwards: 70\r\n__proto__: polluted')],
  ['an SDP body that is not SDP', sipText(inviteLines(), 'this is not SDP at all\r\n').toString()],
  ['an SDP body with binary noise', Buffer.concat([Buffer.from(text.replace(/Content-Length: \d+[\s\S]*/, 'Content-Length: 16\r\n\r\n')), Buffer.from([0, 1, 2, 0xff, 0xfe, 13, 10, 0x80, 0x81, 0, 0, 9, 10, 0xc3, 0x28, 0])])],
].map(([name, bytes]) => ({ name: name as string, bytes: Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes as string, 'utf8') }));

/** A small deterministic generator (no Math.random: a failure must be reproducible). */
function* lcg(seed: number): Generator<number> {
  let s = seed >>> 0;
  for (;;) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    yield s;
  }
}

/** Mutations of the valid rejoin INVITE: truncation, oversize, bad lengths, bad bytes, injection. */
export function generated(count: number, seed = 4475): CorpusItem[] {
  const rnd = lcg(seed);
  const next = (n: number): number => rnd.next().value % n;
  const mutations: Array<(b: Buffer) => [string, Buffer]> = [
    (b) => {
      const at = next(b.length);
      return [`truncated at byte ${at}`, b.subarray(0, at)];
    },
    (b) => ['oversized header (100 kB Subject)', Buffer.from(b.toString().replace('Max-Forwards: 70', `Max-Forwards: 70\r\nSubject: ${'x'.repeat(100_000)}`))],
    () => ['huge SDP (2 000 a= lines)', sipText(inviteLines(), OFFER + Array.from({ length: 2000 }, (_, i) => `a=x-filler:${i}`).join('\r\n') + '\r\n')],
    (b) => {
      const delta = next(20) - 10 || 1;
      return [`Content-Length off by ${delta}`, Buffer.from(b.toString().replace(/Content-Length: (\d+)/, (_, n: string) => `Content-Length: ${Number(n) + delta}`))];
    },
    (b) => {
      const copy = Buffer.from(b);
      for (let i = 0; i < 8; i++) copy[next(copy.length)] = next(256);
      return ['8 random bytes overwritten', copy];
    },
    (b) => ['CRLF injection in the Request-URI', Buffer.from(b.toString().replace(/^INVITE (\S+)/, 'INVITE $1\r\nVia: SIP/2.0/UDP evil;branch=z9hG4bKx'))],
    (b) => ['non-UTF-8 bytes in a header', Buffer.concat([b.subarray(0, 30), Buffer.from([0xc3, 0x28, 0xa0, 0xa1]), b.subarray(30)])],
    () => {
      const noise = Buffer.alloc(1 + next(4000));
      for (let i = 0; i < noise.length; i++) noise[i] = next(256);
      return [`${noise.length} bytes of binary noise`, noise];
    },
    () => ['only CRLFs', Buffer.from('\r\n'.repeat(1 + next(50)))],
    (b) => ['NUL bytes in the body', Buffer.concat([b.subarray(0, b.indexOf('\r\n\r\n') + 4), Buffer.alloc(b.length - b.indexOf('\r\n\r\n') - 4)])],
  ];
  return Array.from({ length: count }, (_, i) => {
    const [name, bytes] = mutations[i % mutations.length](valid);
    return { name: `#${i} ${name}`, bytes };
  });
}
