import assert from 'node:assert/strict';
import * as dgram from 'node:dgram';
import * as net from 'node:net';
import { after, test } from 'node:test';
import { checkAckOf2xx } from '../../support/checks/ack-of-2xx';
import { checkInitialRequest } from '../../support/checks/initial-request';
import { checkMsrpOffer } from '../../support/checks/msrp-offer';
import { checkRequestUri } from '../../support/checks/request-uri';
import { checkViaSipIpCore } from '../../support/checks/outbound-proxy';
import { ladderSvg } from '../../support/evidence/ladder';
import { pcapOf } from '../../support/evidence/pcap';
import { MockImServer } from '../../support/im-server/mock-im-server';
import { traceText } from '../../support/report/trace-text';
import type { RecordedMessage } from '../../support/sip/recorded-message';
import { parseSipMessage, SipParseError } from '../../support/sip/sip-parser';
import type { Finding } from '../../support/verdict';
import { recorded } from '../helpers/messages';
import { generated, TORTURE, type CorpusItem } from './corpus';

const CORPUS: CorpusItem[] = [...TORTURE, ...generated(200)];
const unhandled: unknown[] = [];
process.on('unhandledRejection', (e) => unhandled.push(e));
after(() => assert.deepEqual(unhandled, [], 'no unhandled rejection'));

/** Every INVITE check, as a step would run it: findings, never an exception. */
function judgeAll(m: RecordedMessage): Finding[] {
  const proxy = { uri: 'sip:127.0.0.1:5060;lr', host: '127.0.0.1', port: 5060, transport: 'udp' as const };
  return [
    ...checkRequestUri(m, 'sip:conf-42@conference.example.invalid'),
    ...checkInitialRequest(m),
    ...checkMsrpOffer(m),
    ...checkViaSipIpCore(m, proxy),
    ...checkAckOf2xx({ invite: m, finals: [], acks: [] }),
  ];
}

test(`the parser refuses or accepts each of ${CORPUS.length} corpus messages, never throwing anything but SipParseError`, () => {
  for (const item of CORPUS) {
    try {
      parseSipMessage(item.bytes);
    } catch (e) {
      assert.ok(e instanceof SipParseError, `${item.name}: ${(e as Error).stack}`);
      assert.ok(e.message.length > 5, item.name);
    }
  }
});

test(`each of the ${TORTURE.length} torture messages gets its due: a valid one parses, an invalid one is FAILed with a reason`, () => {
  for (const item of TORTURE) {
    const m = recorded(item.bytes);
    if (item.expect === 'valid') {
      assert.equal(m.parseError, undefined, `${item.name}: a legal message was refused`);
      assert.deepEqual(m.sip!.malformed, [], `${item.name}: a legal line was called malformed`);
      assert.equal(m.sip!.lengthProblem, undefined, `${item.name}: a legal length was called wrong`);
    } else {
      const failed = judgeAll(m).filter((f) => f.verdict === 'FAIL');
      assert.ok(failed.length > 0, `${item.name}: an invalid message passed every check`);
      assert.ok(failed.every((f) => f.summary.length > 12), item.name);
    }
  }
  assert.ok(TORTURE.filter((t) => t.expect === 'valid').length >= 10 && TORTURE.filter((t) => t.expect === 'invalid').length >= 15);
});

test('over UDP every corpus message is recorded with its exact bytes, judged without a crash, and an unparsable one FAILs with the reason', async () => {
  const server = await MockImServer.start({ host: '127.0.0.1' });
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.2', resolve));
  try {
    // Datagrams over 64 kB cannot be sent at all; they are a TCP-only case.
    const items = CORPUS.filter((c) => c.bytes.length > 0 && c.bytes.length < 65_000);
    // One at a time: a burst of large datagrams would overflow the socket buffer, and a lost
    // datagram is not what this test is about.
    for (const [i, item] of items.entries()) {
      socket.send(item.bytes, server.port, '127.0.0.1');
      await server.waitFor(() => server.trace.filter((x) => x.direction === 'from-client').length > i, 2000);
    }
    const received = server.trace.filter((m) => m.direction === 'from-client');
    assert.equal(received.length, items.length, 'every datagram is recorded');
    for (const m of received) {
      const item = items.find((c) => c.bytes.equals(m.bytes));
      assert.ok(item, `message #${m.seq} is one of the corpus, byte for byte`);
      const findings = judgeAll(m);
      assert.ok(findings.length > 0 && findings.every((f) => ['PASS', 'FAIL', 'INCONC', 'N/A'].includes(f.verdict)), item.name);
      if (m.parseError !== undefined) {
        assert.ok(findings.some((f) => f.verdict === 'FAIL' && f.summary.includes(m.parseError!)), `${item.name}: the FAIL says why`);
      }
    }
    // The evidence builders take the whole hostile trace too.
    assert.ok(traceText(server.trace).length > 0);
    assert.match(ladderSvg(server.trace), /<\/svg>\n$/);
    assert.ok(pcapOf(server.trace).length > 24);
  } finally {
    socket.close();
    await server.stop();
  }
});

test('over TCP a stream of corpus messages (oversized ones included) is recorded to the last byte, and the server keeps answering', async () => {
  const server = await MockImServer.start({ host: '127.0.0.1' });
  try {
    for (const item of CORPUS.filter((_, i) => i % 7 === 0)) {
      const socket = net.connect({ port: server.port, host: '127.0.0.1', localAddress: '127.0.0.2' });
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      socket.resume(); // read the server's answers, or its FIN is never seen
      const before = server.trace.length;
      socket.end(item.bytes);
      await new Promise<void>((resolve) => socket.once('close', () => resolve()));
      // Keep-alive CRLFs alone are not a message: nothing is recorded for them.
      if (item.bytes.toString('latin1').replace(/^(\r\n)+/, '').length > 0) {
        const got = await server.waitFor((m) => m.seq > before && m.direction === 'from-client', 2000);
        const recorded = Buffer.concat(server.trace.filter((m) => m.seq > before && m.direction === 'from-client').map((m) => m.bytes));
        assert.ok(got, `${item.name}: recorded`);
        assert.ok(item.bytes.toString('latin1').replace(/^(\r\n)+/, '').startsWith(recorded.toString('latin1').replace(/^(\r\n)+/, '').slice(0, 50)), item.name);
      }
    }
    // Still a working IM Server after all that.
    const probe = net.connect({ port: server.port, host: '127.0.0.1', localAddress: '127.0.0.2' });
    probe.write(TORTURE[0].bytes);
    assert.ok(await server.waitFor((m) => m.direction === 'to-client' && m.sip?.status === 100, 2000), 'still answers');
    probe.destroy();
  } finally {
    await server.stop();
  }
});

test('memory stays bounded: judging the corpus 5 times does not grow the heap by more than 64 MB', () => {
  const messages = CORPUS.map((c, i) => {
    const m: RecordedMessage = { seq: i + 1, at: 0, direction: 'from-client', transport: 'udp', source: { host: '127.0.0.2', port: 1 }, destination: { host: '127.0.0.1', port: 2 }, bytes: c.bytes };
    try {
      m.sip = parseSipMessage(c.bytes);
    } catch (e) {
      m.parseError = (e as Error).message;
    }
    return m;
  });
  global.gc?.();
  const start = process.memoryUsage().heapUsed;
  for (let round = 0; round < 5; round++) for (const m of messages) judgeAll(m);
  global.gc?.();
  assert.ok(process.memoryUsage().heapUsed - start < 64 * 1024 * 1024);
});
