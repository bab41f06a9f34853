import { inviteLines, OFFER, sipText } from '../helpers/messages';

/**
 * Malformed and hostile client messages. The first group follows the categories of RFC 4475
 * (SIP torture tests), written for this project, not copied from it; the second is generated
 * from a valid rejoin INVITE. Each is something a broken or hostile client could send.
 */
export interface CorpusItem {
  name: string;
  bytes: Buffer;
  /**
   * Torture messages only. "valid": unusual but legal, the parser must take it (the checks may
   * still FAIL it for the clause). "invalid": the suite must FAIL it, either as unparsable or by
   * a check, never pass it.
   */
  expect?: 'valid' | 'invalid';
}

const crlf = (lines: string[]): string => lines.join('\r\n');
const valid = sipText(inviteLines(), OFFER);
const text = valid.toString('utf8');
const header = (name: string, value: string): string => text.replace(new RegExp(`^${name}: .*$`, 'm'), `${name}: ${value}`);

/**
 * In the categories of RFC 4475 (parser torture: valid messages a parser must accept, invalid
 * ones it must refuse or flag, transaction and semantic oddities), written for this project.
 */
const TORTURE_MESSAGES: Array<[string, 'valid' | 'invalid', string | Buffer]> = [
  // Valid but unusual (RFC 4475 3.1.1): a parser must accept these.
  ['folded and tab-separated headers, compact forms', 'valid', crlf(['INVITE sip:conf@x.invalid SIP/2.0', 'v:  SIP/2.0/UDP 127.0.0.2:5070;branch=z9hG4bKa', '  ;rport', 'f:\t<sip:a@b>;tag=1', 't: <sip:conf@x.invalid>', 'i: c1', 'CSeq:\t1\tINVITE', 'l: 0', '', ''])],
  ['escaped user, odd but legal Request-URI', 'valid', crlf(['INVITE sip:%61%20b%25c@X.INVALID;Transport=TCP;method=INVITE?Subject=a%20b SIP/2.0', 'Via: SIP/2.0/TCP h;branch=z9hG4bKb', 'Call-ID: c2', 'CSeq: 1 INVITE', 'Content-Length: 0', '', ''])],
  ['unknown method and unknown headers', 'valid', crlf(['NEWMETHOD sip:conf@x.invalid SIP/2.0', 'Via: SIP/2.0/UDP h;branch=z9hG4bKc', 'X-Unknown: ¡hola!', 'Call-ID: c3', 'CSeq: 9 NEWMETHOD', 'Content-Length: 0', '', ''])],
  ['a header repeated many times', 'valid', crlf(['INVITE sip:conf@x.invalid SIP/2.0', ...Array.from({ length: 200 }, (_, i) => `Via: SIP/2.0/UDP h${i};branch=z9hG4bK${i}`), 'Call-ID: c4', 'CSeq: 1 INVITE', 'Content-Length: 0', '', ''])],
  ['__proto__ as a Via parameter and header name', 'valid', text.replace(';rport', ';__proto__=1;constructor').replace('Max-Forwards: 70', 'Max-Forwards: 70\r\n__proto__: polluted')],
  ['a quoted display name with escaped quotes, a backslash and UTF-8', 'valid', header('From', '"Al\\\\ice \\"the\\" Ünïcödé" <sip:alice@example.invalid>;tag=9fxced76sl')],
  ['a token display name and a To that is a plain addr-spec', 'valid', header('From', 'Alice Liddell <sip:alice@example.invalid>;tag=9fxced76sl').replace(/^To: .*$/m, 'To: sip:conf-42@conference.example.invalid')],
  ['a header value folded over many continuation lines', 'valid', text.replace('Max-Forwards: 70', `Max-Forwards: 70\r\nSubject: a${'\r\n  continued'.repeat(50)}`)],
  ['an IPv6 reference in the Via and the Contact', 'valid', header('Via', 'SIP/2.0/UDP [2001:db8::9:1]:5070;branch=z9hG4bKv6').replace(/^Contact: .*$/m, 'Contact: <sip:alice@[2001:db8::9:1]:5070>;+g.oma.sip-im')],
  ['a 2 kB user part in the Request-URI', 'valid', text.replace(/^INVITE \S+/, `INVITE sip:${'c'.repeat(2048)}@conference.example.invalid`)],
  ['a To with a URI of another scheme', 'valid', header('To', '<tel:+1-555-0100>')],
  ['a response with an empty reason phrase', 'valid', crlf(['SIP/2.0 200 ', 'Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKr', 'From: <sip:focus@x.invalid>;tag=1', 'To: <sip:alice@example.invalid>;tag=2', 'Call-ID: n1', 'CSeq: 1 NOTIFY', 'Content-Length: 0', '', ''])],
  ['an SDP offer inside a multipart/mixed body', 'valid', (() => {
    const body = ['--b1', 'Content-Type: application/sdp', '', ...OFFER.split('\r\n').filter((l) => l !== ''), '--b1', 'Content-Type: text/plain', '', 'hello', '--b1--', ''].join('\r\n');
    return sipText(inviteLines((l) => l.map((x) => (x.startsWith('Content-Type') ? 'Content-Type: multipart/mixed;boundary=b1' : x))), body);
  })()],
  // Invalid (RFC 4475 3.1.2): refused by the parser, or FAILed by a check.
  ['Content-Length larger than the body', 'invalid', text.replace(/Content-Length: \d+/, 'Content-Length: 9999')],
  ['negative Content-Length', 'invalid', text.replace(/Content-Length: \d+/, 'Content-Length: -5')],
  ['two Content-Length headers', 'invalid', text.replace(/Content-Length: (\d+)/, 'Content-Length: $1\r\nContent-Length: 0')],
  ['Request-URI with a space in it', 'invalid', text.replace(/^INVITE \S+/, 'INVITE sip:conf @x.invalid')],
  ['Request-URI in angle brackets', 'invalid', text.replace(/^INVITE (\S+)/, 'INVITE <$1>')],
  ['whitespace before the Request-Line', 'invalid', `  ${text}`],
  ['unknown SIP version', 'invalid', text.replace(/SIP\/2\.0\r\n/, 'SIP/7.0\r\n')],
  ['no empty line after the headers', 'invalid', crlf(['INVITE sip:conf@x.invalid SIP/2.0', 'Call-ID: c5'])],
  ['a continuation line before any header', 'invalid', crlf(['INVITE sip:conf@x.invalid SIP/2.0', '  continued', 'Content-Length: 0', '', ''])],
  ['a header line with no colon', 'invalid', text.replace('Max-Forwards: 70', 'Max-Forwards 70')],
  ['a Request-URI that is not SIP', 'invalid', text.replace(/^INVITE \S+/, 'INVITE tel:+1-555-0100')],
  ['an unterminated quoted display name', 'invalid', text.replace('From: <sip:alice@example.invalid>', 'From: "Alice <sip:alice@example.invalid>')],
  ['angle brackets never closed', 'invalid', text.replace(`To: <sip:conf-42@conference.example.invalid>`, 'To: <sip:conf-42@conference.example.invalid')],
  ['text after the > of the From', 'invalid', header('From', '<sip:alice@example.invalid> junk;tag=9fxced76sl')],
  ['the CSeq method differs from the request method', 'invalid', header('CSeq', '314159 OPTIONS')],
  ['a CSeq number beyond 2^32', 'invalid', header('CSeq', '4294967301 INVITE')],
  ['a Max-Forwards beyond 255', 'invalid', header('Max-Forwards', '300')],
  ['a Via without a branch', 'invalid', header('Via', 'SIP/2.0/UDP 127.0.0.2:5070;rport')],
  ['a To that already has a tag (not an initial request)', 'invalid', header('To', '<sip:conf-42@conference.example.invalid>;tag=already')],
  ['an SDP body that is not SDP', 'invalid', sipText(inviteLines(), 'this is not SDP at all\r\n')],
  ['an SDP body with binary noise', 'invalid', Buffer.concat([Buffer.from(text.replace(/Content-Length: \d+[\s\S]*/, 'Content-Length: 16\r\n\r\n')), Buffer.from([0, 1, 2, 0xff, 0xfe, 13, 10, 0x80, 0x81, 0, 0, 9, 10, 0xc3, 0x28, 0])])],
];

export const TORTURE: CorpusItem[] = TORTURE_MESSAGES.map(([name, expect, bytes]) => ({ name, expect, bytes: Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, 'utf8') }));

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
