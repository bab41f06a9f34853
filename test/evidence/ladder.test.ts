import assert from 'node:assert/strict';
import { test } from 'node:test';
import { esc, ladderSvg } from '../../support/evidence/ladder';
import { invite, okLines, recorded, sipText } from '../helpers/messages';

/** Well-formed enough for a browser: every tag closed in order, attributes quoted, no raw '<' or '&' in text. */
function assertWellFormed(svg: string): void {
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g)) {
    if (m[1]) assert.equal(stack.pop(), m[2], `</${m[2]}> closes the wrong element`);
    else if (!m[4]) stack.push(m[2]);
  }
  assert.deepEqual(stack, [], 'unclosed elements');
  const text = svg.replace(/<[^>]*>/g, '');
  assert.doesNotMatch(text, /[<>]|&(?!(amp|lt|gt|quot);)/, 'raw markup characters in text');
}

const trace = [
  invite(undefined, undefined, { seq: 1, at: 1000 }),
  recorded(sipText(okLines()), { seq: 2, direction: 'to-client', at: 1002 }),
  recorded('GARBAGE <&> \u0001\r\n\r\n', { seq: 3, at: 1003 }),
];

test('the ladder is well-formed SVG and names every message by number and first line', () => {
  const svg = ladderSvg(trace, [], new Map([['127.0.0.1:5060', 'SIP/IP Core + IM Server']]));
  assertWellFormed(svg);
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  for (const m of trace) {
    assert.ok(svg.includes(`data-seq="${m.seq}"`), `message #${m.seq}`);
    const first = m.sip?.startLine ?? `UNPARSABLE: ${m.bytes.toString('latin1').split('\r\n')[0]}`;
    assert.ok(svg.includes(esc(first.slice(0, 40))), first);
  }
  assert.match(svg, />SIP\/IP Core \+ IM Server</);
});

test('a message a check FAILed is drawn red with its finding under it; others are not', () => {
  const svg = ladderSvg(trace, [{ requirement: 'RJ-02', check: 'request-uri', verdict: 'FAIL', summary: 'RJ-02 FAIL: wrong <host>', messageSeq: 1 }]);
  assertWellFormed(svg);
  assert.match(svg, /<g class="message failed" data-seq="1">[\s\S]*stroke="#c00"[\s\S]*RJ-02 FAIL: wrong &lt;host&gt;/);
  assert.doesNotMatch(svg, /class="message failed" data-seq="2"/);
});

test('an empty trace still gives a diagram that says so', () => {
  const svg = ladderSvg([]);
  assertWellFormed(svg);
  assert.match(svg, /No message crossed the wire/);
});

test('the picture is wide enough for the longest finding quoted in it', () => {
  const long = `RJ-02 FAIL: ${'x'.repeat(96)}`;
  const svg = ladderSvg(trace, [{ requirement: 'RJ-02', check: 'request-uri', verdict: 'FAIL', summary: long, messageSeq: 1 }]);
  const width = Number(/^<svg [^>]*width="(\d+)"/.exec(svg)![1]);
  const textX = Number(/<text x="(\d+)" y="\d+" fill="#c00">RJ-02 FAIL/.exec(svg)![1]);
  assert.ok(width >= textX + long.length * 7.2, `width ${width} cuts the finding that starts at x=${textX}`);
});

const tlsInvite = { ...invite(undefined, undefined, { seq: 1, at: 1000, transport: 'tls', to: { host: '::1', port: 5061 } }), source: { host: '::1', port: 40001 } };
const overTls = { ...tlsInvite, transport: 'tls' as const, tls: { connection: 2, version: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256' } };
const failedHandshake = {
  ...recorded(sipText(okLines()), { seq: 2, at: 1001, transport: 'tls', to: { host: '::1', port: 5061 } }),
  source: { host: '::1', port: 40002 },
  protocol: 'tls-handshake' as const,
  sip: undefined,
  tlsError: 'TLS handshake failed: wrong version number (ERR_SSL_WRONG_VERSION_NUMBER)',
};

test('a message carried over TLS is labelled with its version, the connection in its tooltip and data attributes', () => {
  const svg = ladderSvg([overTls]);
  assertWellFormed(svg);
  assert.match(svg, /<g class="message" data-seq="1" data-transport="tls" data-tls-version="TLSv1\.3" data-tls-connection="2">\n<title>carried over TLS 1\.3, TLS connection 2, TLS_AES_128_GCM_SHA256, no client certificate<\/title>/);
  assert.match(svg, />#1 \+0\.000s TLS 1\.3 INVITE sip:conf-42@/);
});

test('a failed TLS handshake is drawn as that with its reason, never as the SIP the client may have sent', () => {
  const svg = ladderSvg([overTls, failedHandshake]);
  assertWellFormed(svg);
  const g = /<g class="message" data-seq="2"[^>]*>[\s\S]*?<\/g>/.exec(svg)![0];
  assert.match(g, /data-transport="tls">/);
  assert.match(g, /stroke="#c60"/);
  assert.match(g, />#2 \+0\.001s TLS HANDSHAKE FAILED \(\d+ bytes\): wrong version numb…</);
  assert.match(g, /<title>TLS handshake failed: wrong version number \(ERR_SSL_WRONG_VERSION_NUMBER\); what the client sent \(\d+ bytes\) is in sip-trace\.txt, not SIP<\/title>/);
  assert.doesNotMatch(g, /SIP\/2\.0 200/);
});

test('IPv6 lanes are shown bracketed, and still take the titles the test bed gives them by host:port', () => {
  const svg = ladderSvg([overTls], [], new Map([['::1:5061', 'SIP/IP Core + IM Server']]));
  assert.match(svg, /<text x="530" y="24" text-anchor="middle" font-weight="bold">SIP\/IP Core \+ IM Server<\/text>\n<text x="530" y="40" text-anchor="middle" fill="#555">\[::1\]:5061<\/text>/);
});

test('a stray message is drawn grey and dashed, STRAY before its label and why in its tooltip', () => {
  const bye = { ...recorded(sipText(['BYE sip:conf-42@conference.example.invalid SIP/2.0', 'Call-ID: old', 'CSeq: 2 BYE']), { seq: 2 }), stray: 'a BYE of no dialog' };
  const svg = ladderSvg([invite(), bye]);
  assert.match(svg, /<g class="message stray" data-seq="2">\n<title>stray, not judged: a BYE of no dialog<\/title>\n<line [^>]*stroke="#999"[^>]*stroke-dasharray="6,4"/);
  assert.match(svg, />STRAY #2 /);
  assert.match(svg, /<g class="message" data-seq="1">/, 'the INVITE is drawn as ever');
});
