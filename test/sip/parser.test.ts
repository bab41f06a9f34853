import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalHeaderName, findHeaders, headerParams, headerValue, headerValues, parseSipMessage, SipParseError } from '../../support/sip/sip-parser';
import { sipText } from '../helpers/messages';

const request = (lines: string[], body = ''): Buffer => sipText(lines, body);

test('a request keeps its start line, headers in wire order with line numbers, and body bytes', () => {
  const m = parseSipMessage(request(['INVITE sip:conf@x.invalid SIP/2.0', 'Via: SIP/2.0/UDP h;branch=z9hG4bK1', 'Call-ID: abc'], 'v=0\r\n'));
  assert.equal(m.kind, 'request');
  assert.equal(m.method, 'INVITE');
  assert.equal(m.requestUri, 'sip:conf@x.invalid');
  assert.deepEqual(
    m.headers.map((h) => [h.name, h.lineNumber]),
    [['Via', 2], ['Call-ID', 3], ['Content-Length', 4]],
  );
  assert.equal(m.body.toString(), 'v=0\r\n');
});

test('a response gives its status and reason', () => {
  const m = parseSipMessage(request(['SIP/2.0 486 Busy Here', 'Call-ID: x']));
  assert.equal(m.kind, 'response');
  assert.equal(m.status, 486);
  assert.equal(m.reason, 'Busy Here');
});

test('compact header names are expanded; other names take their usual spelling', () => {
  const m = parseSipMessage(request(['OPTIONS sip:a@b SIP/2.0', 'v: SIP/2.0/UDP h', 'i: id', 'm: <sip:a@h>', 'f: <sip:a@b>;tag=1', 't: <sip:a@b>', 'cseq: 1 OPTIONS']));
  assert.deepEqual(m.headers.map((h) => h.name).slice(0, 6), ['Via', 'Call-ID', 'Contact', 'From', 'To', 'CSeq']);
  assert.equal(canonicalHeaderName('l'), 'Content-Length');
  assert.equal(canonicalHeaderName('accept-contact'), 'Accept-Contact');
});

test('a folded header is one value; its raw text keeps both lines', () => {
  const m = parseSipMessage(request(['OPTIONS sip:a@b SIP/2.0', 'Subject: one', '  two', 'Call-ID: x']));
  const subject = findHeaders(m, 'Subject')[0];
  assert.equal(subject.value, 'one two');
  assert.equal(subject.raw, 'Subject: one\r\n  two');
  assert.equal(findHeaders(m, 'Call-ID')[0].lineNumber, 4);
});

test('repeated Allow lines are one list; commas inside quotes or brackets do not split', () => {
  const m = parseSipMessage(request(['SIP/2.0 200 OK', 'Allow: INVITE, ACK', 'Allow: BYE', 'Contact: "a, b" <sip:x@y;p=1,2>, <sip:z@w>']));
  assert.deepEqual(headerValues(m, 'allow'), ['INVITE', 'ACK', 'BYE']);
  assert.deepEqual(headerValues(m, 'Contact'), ['"a, b" <sip:x@y;p=1,2>', '<sip:z@w>']);
});

test('header parameters come after the name-addr; a flag has an empty value', () => {
  const params = headerParams('<sip:a@b;x=1>;tag=abc;isfocus');
  assert.equal(params.get('tag'), 'abc');
  assert.equal(params.get('isfocus'), '');
  assert.equal(params.has('x'), false);
  assert.equal(headerParams('sip:a@b;tag=9').get('tag'), '9');
});

for (const [what, bytes, line] of [
  ['a start line that is neither request nor status', Buffer.from('HELLO\r\n\r\n'), 1],
  ['SIP/3.0', Buffer.from('OPTIONS sip:a@b SIP/3.0\r\n\r\n'), 1],
] as const) {
  test(`${what} is refused with the line it is on`, () => {
    assert.throws(() => parseSipMessage(bytes), (e: unknown) => e instanceof SipParseError && e.lineNumber === line);
  });
}

test('no empty line or no bytes: refused with a reason', () => {
  assert.throws(() => parseSipMessage(Buffer.from('OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\n')), /no empty line/);
  assert.throws(() => parseSipMessage(Buffer.alloc(0)), /empty/);
});

for (const [what, bytes, line, reason] of [
  ['a header line without a colon', Buffer.from('OPTIONS sip:a@b SIP/2.0\r\nnonsense\r\nCall-ID: x\r\n\r\n'), 2, /no colon/],
  ['invalid UTF-8 in a header', Buffer.from([...Buffer.from('OPTIONS sip:a@b SIP/2.0\r\nSubject: '), 0xff, 0xfe, ...Buffer.from('\r\nCall-ID: x\r\n\r\n')]), 2, /UTF-8/],
  ['a header name with a space', Buffer.from('OPTIONS sip:a@b SIP/2.0\r\nCall ID: x\r\nCSeq: 1 OPTIONS\r\n\r\n'), 2, /not a header name/],
] as const) {
  test(`${what} is kept apart as a malformed line; the other headers are read`, () => {
    const m = parseSipMessage(bytes);
    assert.deepEqual(m.malformed.map((x) => x.lineNumber), [line]);
    assert.match(m.malformed[0].reason, reason);
    assert.equal(m.headers.length, 1);
  });
}

test('over UDP a Content-Length shorter than the body cuts it there; the rest is discarded and reported (RFC 3261 18.3)', () => {
  const m = parseSipMessage(Buffer.from('OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 2\r\n\r\nabcd'));
  assert.equal(m.body.toString(), 'ab');
  assert.equal(m.lengthProblem?.discarded?.toString(), 'cd');
  assert.equal(m.lengthProblem?.line?.lineNumber, 2);
});

for (const [what, bytes, line, reason] of [
  ['a Content-Length longer than the datagram', Buffer.from('OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 5\r\n\r\nab'), 2, /only 2 follow/],
  ['a Content-Length that is not a number', Buffer.from('OPTIONS sip:a@b SIP/2.0\r\nContent-Length: x\r\n\r\n'), 2, /not a number/],
  ['two Content-Length headers', Buffer.from('OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 0\r\nl: 0\r\n\r\n'), 3, /2 Content-Length headers/],
] as const) {
  test(`${what} is read, with the length problem on the line it is on`, () => {
    const m = parseSipMessage(bytes);
    assert.match(m.lengthProblem?.reason ?? '', reason);
    assert.equal(m.lengthProblem?.line?.lineNumber, line);
  });
}

test('a header named __proto__ is just a header', () => {
  const m = parseSipMessage(request(['OPTIONS sip:a@b SIP/2.0', '__proto__: x', 'Via: SIP/2.0/UDP h;__proto__=1']));
  assert.equal(headerValue(m, '__proto__'), 'x');
  assert.equal(({} as Record<string, unknown>).x, undefined);
});

test('a non-ASCII body with its byte length parses', () => {
  const m = parseSipMessage(request(['MESSAGE sip:a@b SIP/2.0'], 'héllo ✓'));
  assert.equal(m.body.toString('utf8'), 'héllo ✓');
});

test('a quoted parameter or display name holding "<" or ">" does not hide the parameters (RFC 5626 +sip.instance)', () => {
  const params = headerParams('"a <b>" <sip:a@h>;+g.oma.sip-im;+sip.instance="<urn:uuid:1>";expires=600');
  assert.deepEqual([...params.keys()], ['+g.oma.sip-im', '+sip.instance', 'expires']);
  assert.equal(params.get('+sip.instance'), '<urn:uuid:1>');
  assert.equal(headerParams('<sip:a@h>;p="x;y";q').get('p'), 'x;y');
});
