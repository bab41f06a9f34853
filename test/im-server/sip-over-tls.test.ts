import assert from 'node:assert/strict';
import * as net from 'node:net';
import { test } from 'node:test';
import * as tls from 'node:tls';
import { MockImServer } from '../../support/im-server/mock-im-server';
import type { RecordedMessage } from '../../support/sip/recorded-message';
import { tlsMaterial } from '../../support/tls/test-pki';
import { testBedTls } from '../../support/tls/tls-socket';

const INVITE = [
  'INVITE sip:conf@conference.example.invalid SIP/2.0',
  'Via: SIP/2.0/TLS 127.0.0.2:5061;branch=z9hG4bK-tls-1',
  'Max-Forwards: 70',
  'From: <sip:alice@example.invalid>;tag=1',
  'To: <sip:conf@conference.example.invalid>',
  'Call-ID: tls-1@127.0.0.2',
  'CSeq: 1 INVITE',
  'Contact: <sip:alice@127.0.0.2:5061;transport=tls>',
  'Content-Length: 0',
  '',
  '',
].join('\r\n');

async function server(host = '127.0.0.1', requestCert = false): Promise<{ server: MockImServer; caPem: string; clientCert: { cert: string; key: string } }> {
  const material = await tlsMaterial({ serverHosts: ['127.0.0.1', '::1'], clientHosts: ['127.0.0.2', '::1'], clientUri: 'sip:alice@example.invalid' });
  const s = await MockImServer.start({ host, t1Ms: 50, tls: testBedTls(material, requestCert) });
  const fs = await import('node:fs');
  return { server: s, caPem: material.caPem, clientCert: { cert: fs.readFileSync(material.client!.certFile, 'utf8'), key: fs.readFileSync(material.client!.keyFile, 'utf8') } };
}

const failed = (m: RecordedMessage): boolean => m.protocol === 'tls-handshake';

for (const host of ['127.0.0.1', '::1']) {
  test(`SIP over TLS on ${host}: the INVITE is recorded as TLS plaintext with its connection, answered on it, and the TLS records kept for the pcap`, async (t) => {
    const { server: s, caPem, clientCert } = await server(host, true);
    t.after(() => s.stop());
    const client = tls.connect({ host, port: s.tlsPort!, ca: caPem, ...clientCert });
    t.after(() => client.destroy());
    const answered = new Promise<string>((resolve) => client.on('data', (d) => resolve(d.toString('latin1'))));
    client.write(INVITE);
    assert.match(await answered, /^SIP\/2\.0 100 Trying/);
    const invite = await s.waitFor((m) => m.sip?.method === 'INVITE', 2000);
    assert.ok(invite);
    assert.equal(invite.transport, 'tls');
    assert.equal(invite.destination.port, s.tlsPort);
    assert.match(invite.tls!.version, /^TLSv1\.[23]$/);
    assert.equal(invite.tls!.clientCertificate?.trusted, true, invite.tls!.clientCertificate?.trustError);
    assert.ok(s.wire.some((c) => c.direction === 'from-client' && c.connection === invite.tls!.connection), 'the TLS records are kept');
    assert.ok(!s.wire.some((c) => c.bytes.includes('INVITE sip:')), 'the records are ciphertext');
    assert.ok(s.keylog.length > 0, 'the key log is kept');
  });
}

test('a handshake that fails is recorded with the TLS reason and the bytes the client sent, and the server goes on', async (t) => {
  const { server: s, caPem } = await server();
  t.after(() => s.stop());
  // Plain text on the TLS port.
  const plain = net.connect(s.tlsPort!, '127.0.0.1', () => plain.write(INVITE));
  plain.on('error', () => undefined);
  const first = await s.waitFor(failed, 2000);
  assert.ok(first);
  assert.match(first.tlsError!, /TLS handshake failed: wrong version number/);
  assert.ok(first.bytes.toString('latin1').startsWith('INVITE sip:conf'), 'the client\'s bytes are the evidence');
  assert.equal(first.sip, undefined, 'never parsed as SIP');
  // A client that does not trust the certificate, then one that offers TLS 1.1 only.
  const untrusting = tls.connect({ host: '127.0.0.1', port: s.tlsPort! });
  untrusting.on('error', () => undefined);
  const second = await s.waitFor((m) => failed(m) && m !== first, 2000);
  assert.match(second!.tlsError!, /closed before the TLS handshake was done/);
  const old = tls.connect({ host: '127.0.0.1', port: s.tlsPort!, ca: caPem, minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' });
  old.on('error', () => undefined);
  const third = await s.waitFor((m) => failed(m) && m !== first && m !== second, 2000);
  assert.match(third!.tlsError!, /unsupported protocol/);
  // And SIP over TLS still works on the same server.
  const good = tls.connect({ host: '127.0.0.1', port: s.tlsPort!, ca: caPem }, () => good.write(INVITE));
  t.after(() => good.destroy());
  assert.ok(await s.waitFor((m) => m.sip?.method === 'INVITE', 2000));
});

test('a TLS connection that never finishes its handshake is recorded as unfinished when the scenario ends', async () => {
  const { server: s } = await server();
  // The first byte of a ClientHello (a handshake record), and then nothing.
  const silent = net.connect(s.tlsPort!, '127.0.0.1', () => silent.write(Buffer.from([0x16])));
  silent.on('error', () => undefined);
  // Turns of the event loop until the test bed has read that byte (bounded), then the scenario ends.
  for (let i = 0; i < 10_000 && s.wire.length === 0; i++) await new Promise((resolve) => setImmediate(resolve));
  assert.equal(s.wire.length, 1, 'the byte reached the test bed');
  await s.stop();
  const record = s.trace.find(failed);
  assert.ok(record, 'recorded at stop');
  assert.match(record.tlsError!, /the scenario ended, and the test bed closed the connection, before the TLS handshake was done/);
  assert.equal(record.tlsUnfinished, true, "the scenario's end, not the client's failure");
  assert.deepEqual([...record.bytes], [0x16]);
  silent.destroy();
});

test('a client that offers only RSA cipher suites (RFC 3261 26.2.1: TLS_RSA_WITH_AES_128_CBC_SHA) gets its handshake: the test bed has an RSA certificate too', async (t) => {
  const { server: s, caPem } = await server();
  t.after(() => s.stop());
  for (const ciphers of ['AES128-SHA', 'ECDHE-RSA-AES128-GCM-SHA256']) {
    const client = tls.connect({ host: '127.0.0.1', port: s.tlsPort!, ca: caPem, ciphers, maxVersion: 'TLSv1.2' });
    t.after(() => client.destroy());
    const cipher = await new Promise<string>((resolve, reject) => {
      client.once('secureConnect', () => resolve(client.getCipher().name));
      client.once('error', reject);
    });
    assert.equal(cipher, ciphers);
  }
});

test('a connection closed before the client sent a byte is no handshake: nothing is recorded', async () => {
  const { server: s } = await server();
  const empty = net.connect(s.tlsPort!, '127.0.0.1', () => empty.end());
  await new Promise((resolve) => empty.once('close', resolve));
  // Then one that does send: its failure is the first record, so the empty one left none.
  const plain = net.connect(s.tlsPort!, '127.0.0.1', () => plain.write(INVITE));
  plain.on('error', () => undefined);
  assert.ok(await s.waitFor(failed, 2000));
  await s.stop();
  assert.equal(s.trace.filter(failed).length, 1, JSON.stringify(s.trace.map((m) => m.tlsError)));
});
