import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_HEADER_BYTES, StreamFramer } from '../../support/sip/stream-framer';
import { sipText } from '../helpers/messages';

const a = sipText(['OPTIONS sip:a@b SIP/2.0', 'Call-ID: 1'], 'body-a');
const b = sipText(['OPTIONS sip:a@b SIP/2.0', 'Call-ID: 2']);

test('two messages in one chunk come out as two frames', () => {
  const frames = new StreamFramer().push(Buffer.concat([a, b]));
  assert.deepEqual(frames.map((f) => f.bytes.toString()), [a.toString(), b.toString()]);
  assert.ok(frames.every((f) => f.error === undefined));
});

test('a message fed one byte at a time comes out once, whole', () => {
  const framer = new StreamFramer();
  const frames = [...a].flatMap((byte) => framer.push(Buffer.from([byte])));
  assert.equal(frames.length, 1);
  assert.equal(frames[0].bytes.toString(), a.toString());
});

test('CRLF keep-alives between messages are skipped; the compact l: frames the body', () => {
  const compact = Buffer.from('OPTIONS sip:a@b SIP/2.0\r\nl: 3\r\n\r\nxyz');
  const frames = new StreamFramer().push(Buffer.concat([Buffer.from('\r\n\r\n'), compact, Buffer.from('\r\n'), b]));
  assert.deepEqual(frames.map((f) => f.bytes.toString()), [compact.toString(), b.toString()]);
});

test('a message without Content-Length cannot be framed: one frame with the reason, no throw', () => {
  const frames = new StreamFramer().push(Buffer.from('OPTIONS sip:a@b SIP/2.0\r\nCall-ID: 1\r\n\r\nrest'));
  assert.equal(frames.length, 1);
  assert.match(frames[0].error ?? '', /no Content-Length/);
});

test('noise with no empty line is handed over once it is too long to be headers', () => {
  const framer = new StreamFramer();
  assert.deepEqual(framer.push(Buffer.alloc(1000, 0x41)), []);
  const frames = framer.push(Buffer.alloc(MAX_HEADER_BYTES, 0x42));
  assert.equal(frames.length, 1);
  assert.match(frames[0].error ?? '', /not a SIP message/);
  assert.equal(frames[0].bytes.length, MAX_HEADER_BYTES + 1000);
});

test('bytes left when the connection closes are evidence; nothing left gives nothing', () => {
  const framer = new StreamFramer();
  framer.push(a.subarray(0, 20));
  const rest = framer.end();
  assert.equal(rest.length, 1);
  assert.match(rest[0].error ?? '', /closed in the middle/);
  assert.deepEqual(framer.end(), []);
});

test('a Content-Length short by a few bytes: the message ends there, the rest is stray, the next message is read', () => {
  const invite = Buffer.from('INVITE sip:a@b SIP/2.0\r\nContent-Length: 3\r\n\r\nabcok\r\n');
  const ack = sipText(['ACK sip:a@b SIP/2.0', 'Call-ID: 1']);
  const frames = new StreamFramer().push(Buffer.concat([invite, ack]));
  assert.deepEqual(
    frames.map((f) => [f.bytes.toString(), f.stray === true]),
    [
      ['INVITE sip:a@b SIP/2.0\r\nContent-Length: 3\r\n\r\nabc', false],
      ['ok\r\n', true],
      [ack.toString(), false],
    ],
  );
});

test('stray bytes glued to the next start line are cut off it ("ok" + "ACK sip:…")', () => {
  const ack = sipText(['ACK sip:a@b SIP/2.0', 'Call-ID: 1']);
  const framer = new StreamFramer();
  const first = framer.push(Buffer.from('INVITE sip:a@b SIP/2.0\r\nContent-Length: 3\r\n\r\nabcok'));
  assert.deepEqual(first.map((f) => f.bytes.toString()), ['INVITE sip:a@b SIP/2.0\r\nContent-Length: 3\r\n\r\nabc']);
  const rest = framer.push(ack);
  assert.deepEqual(rest.map((f) => [f.bytes.toString(), f.stray === true]), [['ok', true], [ack.toString(), false]]);
});

test('a Content-Length folded onto the next line still frames the message (RFC 3261 7.3.1)', () => {
  const folded = Buffer.from('OPTIONS sip:a@b SIP/2.0\r\nContent-Length:\r\n 3\r\n\r\nxyz');
  const frames = new StreamFramer().push(Buffer.concat([folded, b]));
  assert.deepEqual(frames.map((f) => [f.bytes.toString(), f.error]), [[folded.toString(), undefined], [b.toString(), undefined]]);
});

test('an incomplete message at the end names its declared length and what came', () => {
  const framer = new StreamFramer();
  framer.push(Buffer.from('INVITE sip:a@b SIP/2.0\r\nContent-Length: 99\r\n\r\nabc'));
  assert.match(framer.end()[0].error ?? '', /Content-Length says 99 bytes, 3 came/);
});
