import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import * as tls from 'node:tls';
import { evidenceBundle } from '../../support/evidence/evidence-bundle';
import { pcapOf } from '../../support/evidence/pcap';
import { MockImServer } from '../../support/im-server/mock-im-server';
import { TraceRecorder } from '../../support/im-server/trace-recorder';
import type { Endpoint } from '../../support/sip/recorded-message';
import { acceptTls, testBedTls } from '../../support/tls/tls-socket';
import { tlsMaterial } from '../../support/tls/test-pki';

/**
 * The pcap over TLS, end to end: a real TLS connection through the test bed's recording socket
 * (acceptTls), a client that trusts the run's CA sends an INVITE and gets a 200 back, and tshark
 * decrypts the pcap with the key log written beside it. The pcap holds the TLS records, never the
 * plaintext as if it had crossed in the clear.
 */
const tshark = spawnSync('tshark', ['--version'], { stdio: 'ignore' }).status === 0;
const NO_TSHARK = tshark ? false : 'tshark is not installed (Debian package tshark)';

const REQUEST_URI = 'sip:conf-42@conference.example.invalid';
const INVITE = [
  `INVITE ${REQUEST_URI} SIP/2.0`,
  'Via: SIP/2.0/TLS 127.0.0.1:5071;branch=z9hG4bK-tls-1',
  'Max-Forwards: 70',
  'From: <sips:alice@example.invalid>;tag=1',
  `To: <${REQUEST_URI}>`,
  'Call-ID: tls-pcap-1@127.0.0.1',
  'CSeq: 1 INVITE',
  'Contact: <sip:alice@127.0.0.1:5071;transport=tls>',
  'Content-Length: 0',
  '',
  '',
].join('\r\n');
const OK = (request: string): string =>
  [
    'SIP/2.0 200 OK',
    ...request.split('\r\n').filter((l) => /^(Via|From|To|Call-ID|CSeq):/.test(l)),
    'Contact: <sip:focus@127.0.0.1;transport=tls>',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');

interface Exchange {
  recorder: TraceRecorder;
  port: number;
}

/** One INVITE and its 200 over a TLS connection the test bed accepted through acceptTls; `version` caps the client's. */
async function tlsExchange(version: tls.SecureVersion = 'TLSv1.3'): Promise<Exchange> {
  const recorder = new TraceRecorder();
  const material = await tlsMaterial({ serverHosts: ['127.0.0.1'], clientHosts: ['127.0.0.1'], clientUri: 'sip:alice@example.invalid' });
  const bed = testBedTls(material, false);
  const server = net.createServer((raw) => {
    const local: Endpoint = { host: raw.localAddress!, port: raw.localPort! };
    const peer: Endpoint = { host: raw.remoteAddress!, port: raw.remotePort! };
    acceptTls(raw, bed, { recorder, local, peer }, {
      secure(socket, info) {
        let buffered = '';
        socket.on('data', (chunk: Buffer) => {
          buffered += chunk.toString('latin1');
          if (!buffered.includes('\r\n\r\n')) return;
          recorder.record('from-client', 'tls', peer, local, Buffer.from(buffered, 'latin1'), { tls: info });
          const response = Buffer.from(OK(buffered), 'latin1');
          recorder.record('to-client', 'tls', local, peer, response, { tls: info });
          socket.write(response);
          buffered = '';
        });
      },
      failed(reason, received) {
        recorder.record('from-client', 'tls', peer, local, received, { protocol: 'tls-handshake', tlsError: reason });
      },
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  try {
    await new Promise<void>((resolve, reject) => {
      const client = tls.connect({ host: '127.0.0.1', port, ca: material.caPem, maxVersion: version }, () => client.write(INVITE));
      let reply = '';
      client.on('data', (chunk: Buffer) => {
        reply += chunk.toString('latin1');
        if (reply.includes('\r\n\r\n')) client.end();
      });
      client.on('error', reject);
      client.on('close', () => (reply.startsWith('SIP/2.0 200') ? resolve() : reject(new Error(`no 200 OK: ${JSON.stringify(reply)}`))));
    });
    // The test bed's side sees the close too; its last records are in before the server closes.
    await recorder.waitFor(() => false, 50);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  return { recorder, port };
}

/** The pcap and the key log of an exchange, written as the evidence bundle names them. */
function writeEvidence(recorded: Pick<TraceRecorder, 'trace' | 'wire' | 'keylog'>): { pcap: string; keylog: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcap-tls-'));
  const files = evidenceBundle({ trace: recorded.trace, wire: recorded.wire, keylog: recorded.keylog, laneNames: new Map() }, []);
  for (const f of files) fs.writeFileSync(path.join(dir, f.fileName), f.body);
  return { pcap: path.join(dir, 'sip-trace.pcap'), keylog: path.join(dir, 'sslkeylog.txt') };
}

function tsharkFields(args: string[], fields: string[]): string[][] {
  const run = spawnSync('tshark', [...args, '-T', 'fields', ...fields.flatMap((f) => ['-e', f])], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => l.split('\t'));
}

/** What makes tshark read the TLS port as TLS and the decrypted stream inside it as SIP. */
const decodeAs = (port: number, keylog?: string): string[] => [
  '-d', `tcp.port==${port},tls`,
  '-d', `tls.port==${port},sip`,
  ...(keylog ? ['-o', `tls.keylog_file:${keylog}`] : []),
];

test('over TLS the pcap holds the TLS records, never the plaintext as TCP, and the key log lies beside it', async () => {
  const x = await tlsExchange();
  assert.deepEqual(x.recorder.trace.map((m) => [m.transport, m.sip?.startLine]), [
    ['tls', `INVITE ${REQUEST_URI} SIP/2.0`],
    ['tls', 'SIP/2.0 200 OK'],
  ]);
  assert.ok(x.recorder.wire.length >= 4, 'the handshake and the application data crossed as records');
  const pcap = pcapOf(x.recorder.trace, x.recorder.wire);
  assert.equal(pcap.indexOf('INVITE sip:'), -1, 'the INVITE is not in the pcap in the clear');
  assert.equal(pcap.indexOf('SIP/2.0 200'), -1, 'the response is not in the pcap in the clear');
  const records = Buffer.concat(x.recorder.wire.filter((c) => c.direction === 'from-client').map((c) => c.bytes));
  assert.ok(pcap.includes(records.subarray(0, 64)), 'the ClientHello is in the pcap as it crossed');
  const { keylog } = writeEvidence(x.recorder);
  assert.match(fs.readFileSync(keylog, 'utf8'), /^(CLIENT_HANDSHAKE_TRAFFIC_SECRET|CLIENT_RANDOM|SERVER_HANDSHAKE_TRAFFIC_SECRET) [0-9a-f]+ [0-9a-f]+$/m);
});

for (const version of ['TLSv1.2', 'TLSv1.3'] as const) {
  test(`tshark with the key log decrypts the ${version} records and decodes the INVITE and its 200 as SIP`, { skip: NO_TSHARK }, async () => {
    const x = await tlsExchange(version);
    assert.ok(x.recorder.trace.every((m) => m.tls?.version === version), 'the version the test asked for');
    const { pcap, keylog } = writeEvidence(x.recorder);
    const rows = tsharkFields(['-r', pcap, ...decodeAs(x.port, keylog), '-Y', 'sip'], ['sip.r-uri', 'sip.Status-Code', 'sip.Call-ID', 'tls.record.version']);
    assert.deepEqual(
      rows.map((r) => [r[0], r[1], r[2]]),
      [
        [REQUEST_URI, '', 'tls-pcap-1@127.0.0.1'],
        ['', '200', 'tls-pcap-1@127.0.0.1'],
      ],
      'the Request-URI and the status, read by tshark from the decrypted records',
    );
    assert.ok(rows.every((r) => r[3] !== ''), 'each SIP message was read out of a TLS record, not from plaintext TCP');
  });
}

test('without the key log tshark sees TLS records and no SIP', { skip: NO_TSHARK }, async () => {
  const x = await tlsExchange();
  const { pcap } = writeEvidence(x.recorder);
  const rows = tsharkFields(['-r', pcap, ...decodeAs(x.port)], ['tls.record.content_type', 'tls.record.opaque_type', 'sip.Method', 'sip.Status-Code']);
  const types = (i: number): Set<string> => new Set(rows.flatMap((r) => r[i].split(',')).filter(Boolean));
  assert.ok(types(0).has('22'), `handshake records in the clear: ${[...types(0)].join(' ')}`);
  // TLS 1.3 (RFC 8446 5.2): every encrypted record's outer type is application_data (23).
  assert.ok(types(1).has('23'), `encrypted records: ${[...types(1)].join(' ')}`);
  assert.deepEqual(rows.filter((r) => r[2] || r[3]), [], 'no SIP can be read without the keys');
});

test('a handshake that failed is in the pcap as the bytes the client sent on the TLS connection', async () => {
  const recorder = new TraceRecorder();
  const material = await tlsMaterial({ serverHosts: ['127.0.0.1'], clientHosts: ['127.0.0.1'], clientUri: 'sip:alice@example.invalid' });
  const bed = testBedTls(material, false);
  const failed = new Promise<void>((resolve) => {
    const server = net.createServer((raw) => {
      const local: Endpoint = { host: raw.localAddress!, port: raw.localPort! };
      const peer: Endpoint = { host: raw.remoteAddress!, port: raw.remotePort! };
      acceptTls(raw, bed, { recorder, local, peer }, {
        secure: () => assert.fail('plain text must not complete a handshake'),
        failed(reason, received) {
          recorder.record('from-client', 'tls', peer, local, received, { protocol: 'tls-handshake', tlsError: reason });
          server.close();
          resolve();
        },
      });
    });
    server.listen(0, '127.0.0.1', () => {
      const plain = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1', () => plain.write(INVITE));
      plain.on('error', () => undefined);
    });
  });
  await failed;
  const [record] = recorder.trace;
  assert.equal(record.protocol, 'tls-handshake');
  const pcap = pcapOf(recorder.trace, recorder.wire);
  assert.ok(pcap.includes(Buffer.from(INVITE)), 'what the client sent is evidence, once');
  assert.equal(pcap.indexOf(Buffer.from(INVITE)), pcap.lastIndexOf(Buffer.from(INVITE)), 'and only once: the wire, not the record too');
});

test('the IM Server\'s own SIP over TLS on ::1 decodes too: tshark reads the INVITE and the answer out of the IPv6 TLS stream, checksums good', { skip: NO_TSHARK }, async (t) => {
  const material = await tlsMaterial({ serverHosts: ['::1'], clientHosts: ['::1'], clientUri: 'sip:alice@example.invalid' });
  const server = await MockImServer.start({ host: '::1', t1Ms: 50, tls: testBedTls(material, false) });
  t.after(() => server.stop());
  const client = tls.connect({ host: '::1', port: server.tlsPort!, ca: material.caPem });
  t.after(() => client.destroy());
  const answered = new Promise<void>((resolve) => client.on('data', () => resolve()));
  client.write(INVITE);
  await answered;
  const response = await server.waitFor((m) => m.direction === 'to-client' && m.sip?.status !== undefined, 2000);
  assert.ok(response, 'the IM Server answered');
  client.end();
  await server.waitFor(() => false, 50);
  const { pcap, keylog } = writeEvidence(server);
  const checked = ['-o', 'tcp.check_checksum:TRUE'];
  const rows = tsharkFields(['-r', pcap, ...checked, ...decodeAs(server.tlsPort!, keylog), '-Y', 'sip'], ['ipv6.src', 'tcp.checksum.status', 'sip.r-uri', 'sip.Status-Code']);
  assert.deepEqual(rows[0], ['::1', '1', REQUEST_URI, '']);
  assert.equal(rows[1][3], String(response.sip!.status));
  assert.ok(rows.every((r) => r[0] === '::1' && r[1] === '1'), rows.map((r) => r.join(' ')).join('\n'));
});
