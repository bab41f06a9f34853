import assert from 'node:assert/strict';
import * as net from 'node:net';
import { after, before, test } from 'node:test';
import { MsrpEndpoint as ClientMsrpEndpoint } from '../../client/msrp-endpoint';
import { MsrpSession } from '../../client/msrp';
import { clientMsrpTls, type MsrpTls } from '../../client/msrp-tls';
import type { RecordedMessage } from '../../support/sip/recorded-message';
import { MsrpEndpoint } from '../../support/im-server/msrp-endpoint';
import { TraceRecorder } from '../../support/im-server/trace-recorder';
import { testBedTls, type TestBedTls } from '../../support/tls/tls-socket';
import { tlsMaterial, type TlsMaterial } from '../../support/tls/test-pki';

/**
 * MSRP over TLS between the test bed's IM Server end (support/im-server/msrp-endpoint.ts) and the
 * reference client's (client/msrp*.ts), on real loopback sockets, IPv4 and IPv6, each side
 * active in turn; and a handshake that fails, recorded as evidence without anything throwing.
 */

const WAIT = 3000;
let material: TlsMaterial;
let bed: TestBedTls;
let ipv6 = false;
const started: { stop(): unknown }[] = [];

before(async () => {
  material = await tlsMaterial({ serverHosts: ['127.0.0.1', '::1'], clientHosts: ['127.0.0.2', '::1'], clientUri: 'sip:alice@example.invalid' });
  bed = testBedTls(material, false);
  ipv6 = await new Promise<boolean>((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(0, '::1', () => probe.close(() => resolve(true)));
  });
});

after(async () => {
  for (const s of started) await s.stop();
});

async function testBed(host: string, tls: TestBedTls | undefined = bed): Promise<{ endpoint: MsrpEndpoint; recorder: TraceRecorder }> {
  const recorder = new TraceRecorder();
  const endpoint = await MsrpEndpoint.start(host, recorder, tls);
  started.push(endpoint);
  return { endpoint, recorder };
}

const uriHost = (host: string): string => (net.isIPv6(host) ? `[${host}]` : host);
const msrp = (m: RecordedMessage, direction: RecordedMessage['direction'], start: RegExp): boolean => m.protocol === 'msrp' && m.direction === direction && start.test(m.bytes.toString('latin1'));

function clientTls(host: string): Promise<MsrpTls> {
  return clientMsrpTls({ ca: material.caPem }, host);
}

for (const [family, bedHost, clientHost] of [
  ['IPv4', '127.0.0.1', '127.0.0.2'],
  ['IPv6', '::1', '::1'],
] as const) {
  test(`${family}: the client connects to the msrps: path over TLS, its SEND is answered 200, both recorded as MSRP over TLS`, async (t) => {
    if (family === 'IPv6' && !ipv6) return t.skip('this machine has no IPv6 loopback');
    const { endpoint, recorder } = await testBed(bedHost);
    assert.ok(endpoint.tlsPort && endpoint.tlsPort !== endpoint.port);
    const session = new MsrpSession();
    const lines: string[] = [];
    try {
      const state = await session.open({
        localHost: clientHost,
        ownPath: `msrps://${uriHost(clientHost)}:9/me;tcp`,
        peerPath: `msrps://${uriHost(bedHost)}:${endpoint.tlsPort}/s1;tcp`,
        timeoutMs: WAIT,
        log: (l) => lines.push(l),
        tls: await clientTls(clientHost),
      });
      assert.equal(state, 'connected', lines.join('\n'));
      const send = await recorder.waitFor((m) => msrp(m, 'from-client', /^MSRP \w+ SEND\r\n/), WAIT);
      const ok = await recorder.waitFor((m) => msrp(m, 'to-client', /^MSRP \w+ 200 OK\r\n/), WAIT);
      assert.ok(send && ok, 'the SEND and its 200 are in the trace');
      for (const m of [send, ok]) {
        assert.equal(m.transport, 'tls');
        assert.equal(m.sip, undefined, 'MSRP is not parsed as SIP');
        assert.match(m.tls?.version ?? '', /^TLSv1\.[23]$/);
        assert.ok(m.tls?.cipher && m.tls.cipher !== '?');
      }
      // The raw socket's addresses: a TLSSocket over a stream has none of its own.
      assert.deepEqual(send.source, { host: clientHost, port: send.source.port });
      assert.deepEqual(send.destination, { host: bedHost, port: endpoint.tlsPort });
      assert.notEqual(send.source.port, 0);
      assert.ok(recorder.wire.length > 0, 'the TLS records are kept for the pcap');
      assert.ok(!recorder.wire.some((c) => c.bytes.includes('SEND')), 'the records are ciphertext');
      assert.ok(recorder.keylog.length > 0, 'the key log is kept');
    } finally {
      session.close();
    }
  });

  test(`${family}: the client offered a=setup:passive: the test bed connects to its msrps: path over TLS and binds with a SEND the client answers`, async (t) => {
    if (family === 'IPv6' && !ipv6) return t.skip('this machine has no IPv6 loopback');
    const { endpoint, recorder } = await testBed(bedHost);
    const client = await ClientMsrpEndpoint.listen(clientHost, await clientTls(clientHost));
    try {
      const peerPath = `msrps://${uriHost(clientHost)}:${client.port}/cp;tcp`;
      endpoint.connect(peerPath, `msrps://${uriHost(bedHost)}:${endpoint.tlsPort}/s1;tcp`);
      const send = await recorder.waitFor((m) => msrp(m, 'to-client', /^MSRP \w+ SEND\r\n/), WAIT);
      const ok = await recorder.waitFor((m) => msrp(m, 'from-client', /^MSRP \w+ 200 OK\r\n/), WAIT);
      assert.ok(send && ok, `the SEND and the client's 200 are in the trace: ${recorder.trace.map((m) => m.tlsError ?? m.bytes.toString().split('\r\n')[0]).join(' | ')}`);
      assert.match(send.bytes.toString(), new RegExp(`\r\nTo-Path: ${peerPath.replace(/[[\].]/g, '\\$&')}\r\n`));
      for (const m of [send, ok]) {
        assert.equal(m.transport, 'tls');
        assert.match(m.tls?.version ?? '', /^TLSv1\.[23]$/);
      }
      assert.deepEqual(send.destination, { host: clientHost, port: client.port });
      assert.equal(send.source.host, bedHost);
      assert.equal(client.requestsAnswered, 1);
    } finally {
      client.close();
    }
  });
}

test('plain TCP MSRP sent to the TLS port is recorded as a failed TLS handshake with its reason and bytes, never as MSRP; the endpoint goes on', async () => {
  const { endpoint, recorder } = await testBed('127.0.0.1');
  const plain = 'MSRP a1b2c3 SEND\r\nTo-Path: msrps://127.0.0.1:1/s1;tcp\r\nFrom-Path: msrp://127.0.0.2:9/me;tcp\r\nMessage-ID: m1\r\nByte-Range: 1-0/0\r\n-------a1b2c3$\r\n';
  const socket = net.connect({ host: '127.0.0.1', port: endpoint.tlsPort!, localAddress: '127.0.0.2' });
  socket.on('error', () => undefined);
  socket.once('connect', () => socket.write(plain));
  const failed = await recorder.waitFor((m) => m.protocol === 'tls-handshake', WAIT);
  socket.destroy();
  assert.ok(failed, 'the failed handshake is recorded');
  assert.equal(failed.transport, 'tls');
  assert.equal(failed.direction, 'from-client');
  assert.match(failed.tlsError ?? '', /^TLS handshake failed: \S/);
  assert.ok(plain.startsWith(failed.bytes.toString('latin1')) && failed.bytes.length > 0, `the bytes the client sent: ${failed.bytes.toString('latin1')}`);
  assert.equal(failed.source.host, '127.0.0.2');
  assert.equal(failed.destination.port, endpoint.tlsPort);
  assert.equal(failed.sip, undefined);
  assert.equal(recorder.trace.filter((m) => m.protocol === 'msrp').length, 0);
  // The same endpoint still serves a good client afterwards.
  const session = new MsrpSession();
  try {
    const state = await session.open({ localHost: '127.0.0.2', ownPath: 'msrps://127.0.0.2:9/me;tcp', peerPath: `msrps://127.0.0.1:${endpoint.tlsPort}/s1;tcp`, timeoutMs: WAIT, log: () => undefined, tls: await clientTls('127.0.0.2') });
    assert.equal(state, 'connected');
  } finally {
    session.close();
  }
});

test('a handshake still pending when the endpoint stops is recorded as unfinished (the scenario ends it, the client did not fail it), with what had come', async () => {
  const recorder = new TraceRecorder();
  const endpoint = await MsrpEndpoint.start('127.0.0.1', recorder, bed);
  const socket = net.connect({ host: '127.0.0.1', port: endpoint.tlsPort! });
  socket.on('error', () => undefined);
  // The first bytes of a record header (handshake, TLS 1.0 record version), and no more.
  socket.once('connect', () => socket.write(Buffer.from([0x16, 0x03, 0x01])));
  assert.ok(await until(() => recorder.wire.length > 0, WAIT), 'the endpoint took the bytes in');
  await endpoint.stop();
  socket.destroy();
  const failed = recorder.trace.find((m) => m.protocol === 'tls-handshake');
  assert.ok(failed);
  assert.match(failed.tlsError ?? '', /the scenario ended, and the test bed closed the connection, before the TLS handshake was done/);
  assert.equal(failed.tlsUnfinished, true);
  assert.deepEqual([...failed.bytes], [0x16, 0x03, 0x01]);
});

/** Whether `predicate` came true within `ms`, looked at every few milliseconds. */
async function until(predicate: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return true;
}

test('the client refuses an IM Server certificate its CA did not issue, or that does not name the path\'s address; the test bed records the failed handshake', async () => {
  // No IM_TLS_CA: the throwaway CA is unknown to the system's store.
  const { endpoint, recorder } = await testBed('127.0.0.1');
  const untrusted = new MsrpSession();
  const lines: string[] = [];
  const own = await clientMsrpTls({}, '127.0.0.2');
  assert.equal(await untrusted.open({ localHost: '127.0.0.2', ownPath: 'msrps://127.0.0.2:9/me;tcp', peerPath: `msrps://127.0.0.1:${endpoint.tlsPort}/s1;tcp`, timeoutMs: WAIT, log: (l) => lines.push(l), tls: own }), 'failed');
  untrusted.close();
  assert.match(lines.join('\n'), /MSRP failed: over TLS: .*(certificate|CERT)/i);
  assert.ok(await recorder.waitFor((m) => m.protocol === 'tls-handshake', WAIT), 'the test bed saw the handshake fail');

  // The certificate names 127.0.0.1 and ::1; a test bed on 127.0.0.3 presents it all the same.
  const elsewhere = await testBed('127.0.0.3');
  const misnamed = new MsrpSession();
  lines.length = 0;
  assert.equal(await misnamed.open({ localHost: '127.0.0.2', ownPath: 'msrps://127.0.0.2:9/me;tcp', peerPath: `msrps://127.0.0.3:${elsewhere.endpoint.tlsPort}/s1;tcp`, timeoutMs: WAIT, log: (l) => lines.push(l), tls: await clientTls('127.0.0.2') }), 'failed');
  misnamed.close();
  assert.match(lines.join('\n'), /ERR_TLS_CERT_ALTNAME_INVALID|127\.0\.0\.3/);
});

test('with mutual TLS the client presents its certificate, and the recorded MSRP says which one', async () => {
  const { endpoint, recorder } = await testBed('127.0.0.1', testBedTls(material, true));
  const own = await clientTls('127.0.0.2');
  const session = new MsrpSession();
  try {
    assert.equal(await session.open({ localHost: '127.0.0.2', ownPath: 'msrps://127.0.0.2:9/me;tcp', peerPath: `msrps://127.0.0.1:${endpoint.tlsPort}/s1;tcp`, timeoutMs: WAIT, log: () => undefined, tls: own }), 'connected');
    const send = await recorder.waitFor((m) => msrp(m, 'from-client', /^MSRP \w+ SEND/), WAIT);
    assert.equal(send?.tls?.clientCertificate?.fingerprint256, own.fingerprint);
    // Self-signed: not the run's CA's, which RFC 4975 14.2 allows with a=fingerprint.
    assert.equal(send?.tls?.clientCertificate?.trusted, false);
  } finally {
    session.close();
  }
});

test('without the test bed\'s TLS there is no TLS port, and an msrps: path is not dialled', async () => {
  const recorder = new TraceRecorder();
  const endpoint = await MsrpEndpoint.start('127.0.0.1', recorder);
  started.push(endpoint);
  assert.equal(endpoint.tlsPort, undefined);
  const client = await ClientMsrpEndpoint.listen('127.0.0.2', await clientTls('127.0.0.2'));
  try {
    endpoint.connect(`msrps://127.0.0.2:${client.port}/cp;tcp`, `msrp://127.0.0.1:${endpoint.port}/s1;tcp`);
    // A dialled connection would record its binding SEND at once.
    assert.equal(await recorder.waitFor(() => true, 200), undefined);
    assert.equal(client.requestsAnswered, 0);
  } finally {
    client.close();
  }
});
