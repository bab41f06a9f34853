import assert from 'node:assert/strict';
import * as net from 'node:net';
import { test } from 'node:test';
import { answerPath, answerRequests, buildSend, msrpAddress, MsrpSession, responseStatus } from '../../client/msrp';

const ANSWER = ['v=0', 'o=s 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', 'm=message 7000 TCP/MSRP *', 'a=accept-types:text/plain', 'a=path:msrp://10.0.0.1:1/relay;tcp msrp://127.0.0.1:7000/abc;tcp', ''].join('\r\n');

test('the peer path is the last URI of the first MSRP media a=path', () => {
  assert.equal(answerPath(ANSWER), 'msrp://127.0.0.1:7000/abc;tcp');
  assert.equal(answerPath('v=0\r\nm=audio 1 RTP/AVP 0\r\na=path:msrp://x:1/y;tcp\r\n'), undefined);
});

test('an msrp: URI gives an IP address and port, and msrps: says TLS; a name or a bad port gives nothing', () => {
  assert.deepEqual(msrpAddress('msrp://127.0.0.1:7000/abc;tcp'), { host: '127.0.0.1', port: 7000, secure: false });
  assert.deepEqual(msrpAddress('msrps://[::1]:7001/abc;tcp'), { host: '::1', port: 7001, secure: true });
  assert.deepEqual(msrpAddress('MSRPS://127.0.0.1:7002/abc;tcp'), { host: '127.0.0.1', port: 7002, secure: true });
  assert.equal(msrpAddress('msrp://relay.example:7000/abc;tcp'), undefined);
  assert.equal(msrpAddress('msrp://127.0.0.1:0/abc;tcp'), undefined);
});

test('an empty SEND and a text SEND are framed as RFC 4975 7.1 says', () => {
  const empty = buildSend({ transactionId: 'tx1', toPath: 'msrp://a:1/x;tcp', fromPath: 'msrp://b:2/y;tcp', messageId: 'm1' }).toString();
  assert.equal(empty, 'MSRP tx1 SEND\r\nTo-Path: msrp://a:1/x;tcp\r\nFrom-Path: msrp://b:2/y;tcp\r\nMessage-ID: m1\r\nByte-Range: 1-0/0\r\n-------tx1$\r\n');
  const text = buildSend({ transactionId: 'tx2', toPath: 't', fromPath: 'f', messageId: 'm2', text: 'héllo' }).toString();
  assert.match(text, /Byte-Range: 1-6\/6\r\nContent-Type: text\/plain\r\n\r\nhéllo\r\n-------tx2\$\r\n$/);
});

test('each complete request is answered 200 with the paths swapped (RFC 4975 7.2); responses, REPORTs and an unfinished request are not', () => {
  const send = 'MSRP t1234 SEND\r\nTo-Path: msrps://[::1]:9/me;tcp\r\nFrom-Path: msrps://[::1]:7/im;tcp\r\nMessage-ID: m\r\nByte-Range: 1-0/0\r\n-------t1234$\r\n';
  const report = 'MSRP t5678 REPORT\r\nTo-Path: a\r\nFrom-Path: b\r\n-------t5678$\r\n';
  const response = 'MSRP t9999 200 OK\r\nTo-Path: a\r\nFrom-Path: b\r\n-------t9999$\r\n';
  const r = answerRequests(send + report + response + send.slice(0, 30));
  assert.deepEqual(r.answers, ['MSRP t1234 200 OK\r\nTo-Path: msrps://[::1]:7/im;tcp\r\nFrom-Path: msrps://[::1]:9/me;tcp\r\n-------t1234$\r\n']);
  assert.equal(r.requests, 1);
  assert.equal(r.rest, send.slice(0, 30));
  // Garbage before a request is skipped, so it cannot stall the session.
  assert.equal(answerRequests('GET / HTTP/1.1\r\n' + send).answers.length, 1);
});

test('the response status is read for the transaction asked about only', () => {
  assert.equal(responseStatus('MSRP tx1 200 OK\r\nTo-Path: x\r\n-------tx1$\r\n', 'tx1'), 200);
  assert.equal(responseStatus('MSRP tx9 200 OK\r\n', 'tx1'), undefined);
});

async function peer(answer: (request: string, socket: net.Socket) => void): Promise<{ server: net.Server; port: number }> {
  const server = net.createServer((socket) => socket.on('data', (d) => answer(d.toString(), socket)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as net.AddressInfo).port };
}

test('a session that gets 200 to its SEND is connected; a 403 or silence is failed; nothing throws', async () => {
  for (const [reply, expected] of [['200 OK', 'connected'], ['403 Forbidden', 'failed'], [undefined, 'failed']] as const) {
    const { server, port } = await peer((request, socket) => {
      const tid = /^MSRP (\S+) SEND/.exec(request)?.[1];
      if (reply && tid) socket.write(`MSRP ${tid} ${reply}\r\nTo-Path: x\r\nFrom-Path: y\r\n-------${tid}$\r\n`);
    });
    const session = new MsrpSession();
    const lines: string[] = [];
    try {
      const state = await session.open({ localHost: '127.0.0.2', ownPath: 'msrp://127.0.0.2:9/me;tcp', peerPath: `msrp://127.0.0.1:${port}/abc;tcp`, timeoutMs: 300, log: (l) => lines.push(l) });
      assert.equal(state, expected, lines.join('\n'));
    } finally {
      session.close();
      server.close();
    }
  }
  const refused = new MsrpSession();
  assert.equal(await refused.open({ localHost: '127.0.0.2', ownPath: 'msrp://127.0.0.2:9/me;tcp', peerPath: 'msrp://127.0.0.1:1/abc;tcp', timeoutMs: 300, log: () => undefined }), 'failed');
  refused.close();
});
