import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkInitialRequest, OMA_IM_CHECKS, RFC3261_CHECKS } from '../../support/checks/initial-request';
import { checkMsrpOffer } from '../../support/checks/msrp-offer';
import { checkRequestUri } from '../../support/checks/request-uri';
import { checkViaSipIpCore } from '../../support/checks/outbound-proxy';
import type { Finding } from '../../support/verdict';
import { CONFERENCE, invite, OFFER, PROXY, recorded, setHeader } from '../helpers/messages';

const verdicts = (findings: Finding[]) => Object.fromEntries(findings.map((f) => [f.check, f.verdict]));
const ALL = [...RFC3261_CHECKS, ...Object.keys(OMA_IM_CHECKS)];

test('a conformant rejoin INVITE passes every RJ-01 sub-check, one finding each', () => {
  const findings = checkInitialRequest(invite());
  assert.deepEqual(findings.map((f) => f.check).sort(), [...ALL].sort());
  assert.ok(findings.every((f) => f.verdict === 'PASS' && f.requirement === 'RJ-01'), JSON.stringify(findings, null, 2));
});

// Each mutation breaks one rule; only that sub-check may FAIL, on the line named.
const MUTATIONS: Array<[string, (l: string[]) => string[], number | undefined]> = [
  ['from-to-syntax', setHeader('From', '"Alice <sip:alice@example.invalid>;tag=9fxced76sl'), 5],
  ['from-to-syntax', setHeader('To', '<sip:conf-42@conference.example.invalid'), 6],
  ['to-without-tag', setHeader('To', '<sip:conf-42@conference.example.invalid>;tag=abc'), 6],
  ['from-tag', setHeader('From', '<sip:alice@example.invalid>'), 5],
  ['call-id', setHeader('Call-ID'), 1],
  ['cseq-invite', setHeader('CSeq', '314159 OPTIONS'), 8],
  ['max-forwards', setHeader('Max-Forwards', 'seventy'), 3],
  ['via-branch', setHeader('Via', 'SIP/2.0/UDP 127.0.0.2:5070;branch=1234'), 2],
  ['contact-sip-uri', setHeader('Contact', '<tel:+15551234>;+g.oma.sip-im'), 9],
  ['oma-im-feature-tag', setHeader('Contact', '<sip:alice@127.0.0.2:5070>'), 9],
  ['oma-accept-contact', setHeader('Accept-Contact', '*;+g.other'), 10],
  ['oma-user-agent', setHeader('User-Agent', 'simple-im-reference/0.1.0'), 11],
];

for (const [check, change, line] of MUTATIONS) {
  test(`RJ-01 sub-check "${check}" fails alone, naming its line (${line})`, () => {
    const findings = checkInitialRequest(invite(change, undefined, { seq: 4 }));
    const failed = findings.filter((f) => f.verdict === 'FAIL');
    assert.deepEqual(failed.map((f) => f.check), [check], JSON.stringify(failed, null, 2));
    assert.match(failed[0].summary, /^RJ-01 FAIL: /);
    assert.equal(failed[0].messageSeq, 4);
    if (line !== undefined) assert.equal(failed[0].line?.number, line);
  });
}

test('Content-Length: absent over TCP fails; absent over UDP passes with a note', () => {
  const noLength = Buffer.from(
    invite()
      .bytes.toString()
      .replace(/Content-Length: \d+\r\n/, ''),
  );
  assert.equal(verdicts(checkInitialRequest(recorded(noLength, { transport: 'tcp' })))['content-length'], 'FAIL');
  const udp = checkInitialRequest(recorded(noLength)).find((f) => f.check === 'content-length')!;
  assert.equal(udp.verdict, 'PASS');
  assert.match(udp.summary, /allows over UDP/);
});

test('a Max-Forwards other than 70 passes, saying 70 is only recommended', () => {
  const f = checkInitialRequest(invite(setHeader('Max-Forwards', '20'))).find((x) => x.check === 'max-forwards')!;
  assert.equal(f.verdict, 'PASS');
  assert.match(f.summary, /recommended/);
});

test('unparsable bytes: one FAIL per sub-check, nothing thrown', () => {
  const findings = checkInitialRequest(recorded('HELLO\r\n\r\n'));
  assert.equal(findings.length, ALL.length);
  assert.ok(findings.every((f) => f.verdict === 'FAIL' && /not a SIP message the suite can read/.test(f.summary)));
});

test('a Content-Length counted in characters over UDP FAILs content-length alone; the body is cut there (RFC 3261 18.3)', () => {
  const good = invite();
  const text = good.bytes.toString('utf8').replace('s=-', 's=Réunion é');
  const body = text.slice(text.indexOf('\r\n\r\n') + 4);
  const short = recorded(Buffer.from(text.replace(/Content-Length: \d+/, `Content-Length: ${body.length}`), 'utf8'));
  const findings = checkInitialRequest(short);
  assert.deepEqual(findings.filter((f) => f.verdict !== 'PASS').map((f) => f.check), ['content-length']);
  assert.match(findings.find((f) => f.check === 'content-length')!.summary, /the 2 bytes past the declared length are discarded/);
  assert.equal(short.sip!.body.length, body.length);
});

test('over TCP, bytes left in the stream after the declared length FAIL content-length alone', () => {
  const m = { ...invite(undefined, undefined, { transport: 'tcp' }), strayAfter: Buffer.from('ok\r\n') };
  const findings = checkInitialRequest(m);
  assert.deepEqual(findings.filter((f) => f.verdict !== 'PASS').map((f) => f.check), ['content-length']);
  assert.match(findings.find((f) => f.check === 'content-length')!.summary, /4 more bytes \("ok\\r\\n"\) came before the next message/);
});

test('a malformed header line FAILs message-syntax; a header it may have been is INCONC, not FAIL', () => {
  const text = invite().bytes.toString('utf8').replace(/^Max-Forwards: 70$/m, 'Max-Forwards 70');
  const findings = checkInitialRequest(recorded(text));
  const by = Object.fromEntries(findings.map((f) => [f.check, f.verdict]));
  assert.equal(by['message-syntax'], 'FAIL');
  assert.equal(by['max-forwards'], 'INCONC');
  assert.deepEqual(findings.filter((f) => f.verdict === 'FAIL').map((f) => f.check), ['message-syntax']);
});

test('one corrupted header line of a valid INVITE FAILs RJ-01 only: RJ-02, RJ-03 and RJ-04 judge what they can still read', () => {
  const lines = invite().bytes.toString('utf8').split('\r\n\r\n')[0].split('\r\n');
  const proxy = { uri: PROXY, host: '127.0.0.1', port: 5060, transport: 'udp' as const };
  for (let i = 1; i < lines.length; i++) {
    const broken = lines.map((l, k) => (k === i ? l.replace(':', '\u0000') : l)).join('\r\n');
    const m = recorded(`${broken}\r\n\r\n${OFFER}`);
    const others = [...checkRequestUri(m, CONFERENCE), ...checkMsrpOffer(m), ...checkViaSipIpCore(m, proxy)];
    assert.deepEqual(others.filter((f) => f.verdict === 'FAIL').map((f) => `${f.requirement} ${f.check}`), [], `line ${i + 1}: ${lines[i]}`);
    assert.ok(checkInitialRequest(m).some((f) => f.verdict === 'FAIL' && f.check === 'message-syntax'), `line ${i + 1}`);
  }
});
