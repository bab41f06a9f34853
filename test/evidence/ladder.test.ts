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
