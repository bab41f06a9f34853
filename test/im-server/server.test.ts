import assert from 'node:assert/strict';
import * as dgram from 'node:dgram';
import * as net from 'node:net';
import { test } from 'node:test';
import { copiesOf, finalResponsesTo } from '../../support/exchange';
import { MockImServer } from '../../support/im-server/mock-im-server';
import type { RecordedMessage } from '../../support/sip/recorded-message';
import { findHeaders, headerValue, headerValues } from '../../support/sip/sip-parser';
import { inviteLines, OFFER, sipText } from '../helpers/messages';

const WAIT = 2000;

/** A client socket on 127.0.0.2 and a server, both closed after `body` whatever happens. */
async function withUdp(body: (server: MockImServer, send: (b: Buffer) => void) => Promise<void>, t1Ms = 20, sequence?: { next: number }): Promise<void> {
  const server = await MockImServer.start({ host: '127.0.0.1', t1Ms, t2Ms: 4 * t1Ms, sequence });
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.2', resolve));
  try {
    await body(server, (b) => socket.send(b, server.port, '127.0.0.1'));
  } finally {
    socket.close();
    await server.stop();
  }
}

const fromBed = (server: MockImServer, status: number, after = 0) =>
  server.waitFor((m) => m.direction === 'to-client' && m.seq > after && m.sip?.status === status, WAIT);

const inviteBytes = (callId = 'call-1') => sipText(inviteLines((l) => l.map((x) => (x.startsWith('Call-ID') ? `Call-ID: ${callId}` : x))), OFFER);
const ack = (callId = 'call-1', branch = 'z9hG4bKack1') =>
  sipText([`ACK sip:conf-42@conference.example.invalid SIP/2.0`, `Via: SIP/2.0/UDP 127.0.0.2:5070;branch=${branch}`, `Call-ID: ${callId}`, 'CSeq: 314159 ACK', 'From: <sip:a@b>;tag=1', 'To: <sip:c@d>;tag=x']);

test('UDP and TCP listen on the same port; an INVITE gets 100 Trying, then a 2xx a focus would send', async () => {
  await withUdp(async (server, send) => {
    const tcp = net.connect(server.port, '127.0.0.1');
    await new Promise<void>((resolve) => tcp.once('connect', () => resolve()));
    tcp.destroy();

    send(inviteBytes());
    const trying = await fromBed(server, 100);
    const ok = await fromBed(server, 200);
    assert.ok(trying && ok && trying.seq < ok.seq);
    const m = ok.sip!;
    assert.match(headerValue(m, 'To')!, /;tag=\w+/);
    assert.equal(headerValue(m, 'Contact'), '<sip:conf-42@conference.example.invalid>;isfocus');
    assert.ok(headerValues(m, 'Allow').includes('SUBSCRIBE'));
    assert.equal(headerValue(m, 'Content-Type'), 'application/sdp');
    assert.equal(Number(headerValue(m, 'Content-Length')), m.body.length);
    assert.match(m.body.toString(), /m=message \d+ TCP\/MSRP \*\r\n[\s\S]*a=path:msrp:\/\/127\.0\.0\.1:\d+\/\w+;tcp[\s\S]*a=setup:passive/);
    for (const h of ['Via', 'From', 'Call-ID', 'CSeq']) assert.equal(headerValue(m, h), headerValue(server.trace[0].sip!, h), h);
    const first = server.trace[0];
    assert.deepEqual([first.seq, first.direction, first.transport, first.source.host, first.destination.port], [1, 'from-client', 'udp', '127.0.0.2', server.port]);
    assert.equal(first.bytes.toString(), inviteBytes().toString());
  });
});

test('over UDP the 2xx is retransmitted until the ACK, and not after it', async () => {
  await withUdp(async (server, send) => {
    send(inviteBytes());
    const ok = await fromBed(server, 200);
    const again = await fromBed(server, 200, ok!.seq);
    assert.ok(again, 'a retransmission of the 2xx');
    send(ack());
    const acked = await server.waitFor((m) => m.sip?.method === 'ACK', WAIT);
    const after = await server.waitFor((m) => m.direction === 'to-client' && m.seq > acked!.seq, 300);
    assert.equal(after, undefined);
  });
});

test('a retransmitted INVITE gets the last response again, in the same transaction', async () => {
  await withUdp(async (server, send) => {
    send(inviteBytes());
    const ok = await fromBed(server, 200);
    send(inviteBytes());
    const seen = await server.waitFor((m) => m.direction === 'from-client' && m.seq > ok!.seq && m.sip?.method === 'INVITE', WAIT);
    const answer = await fromBed(server, 200, seen!.seq);
    assert.equal(headerValue(answer!.sip!, 'To'), headerValue(ok!.sip!, 'To'));
    send(ack());
  }, 200);
});

test('a lost first INVITE is recorded but unanswered; its copy is answered as the one transaction, counted as one INVITE', async () => {
  await withUdp(async (server, send) => {
    server.script({ loseFirstInvite: true });
    send(inviteBytes());
    const first = await server.waitFor((m) => m.sip?.method === 'INVITE', WAIT);
    assert.equal(await server.waitFor((m) => m.direction === 'to-client', 100), undefined, 'the lost INVITE gets no answer');
    send(inviteBytes());
    const ok = await fromBed(server, 200, first!.seq);
    assert.ok(ok, 'the copy is answered');
    assert.deepEqual(copiesOf(server.trace, first!).map((m) => m.seq), [first!.seq, first!.seq + 1], 'both datagrams are one INVITE');
    assert.equal(finalResponsesTo(server.trace, first!).length >= 1, true);
    send(ack());
  });
});

test('the script: a 486, a 2xx without Allow, Allow one per line, another Contact without isfocus', async () => {
  const cases: Array<[Parameters<MockImServer['script']>[0], (m: RecordedMessage) => void]> = [
    [{ status: 486 }, (m) => assert.deepEqual([m.sip!.status, m.sip!.reason, /tag=/.test(headerValue(m.sip!, 'To')!)], [486, 'Busy Here', true])],
    [{ allow: null }, (m) => assert.equal(findHeaders(m.sip!, 'Allow').length, 0)],
    [{ allow: ['INVITE', 'BYE'], allowSplit: true }, (m) => assert.deepEqual(findHeaders(m.sip!, 'Allow').map((h) => h.value), ['INVITE', 'BYE'])],
    [{ contactUri: 'sip:other@focus.example.invalid', isfocus: false }, (m) => assert.equal(headerValue(m.sip!, 'Contact'), '<sip:other@focus.example.invalid>')],
  ];
  for (const [script, expect] of cases) {
    await withUdp(async (server, send) => {
      server.script(script);
      send(inviteBytes());
      const final = await server.waitFor((m) => m.direction === 'to-client' && (m.sip?.status ?? 0) >= 200, WAIT);
      expect(final!);
      send(ack());
    });
  }
});

test('silent sends nothing; delayMs delays the final after the 100 Trying', async () => {
  await withUdp(async (server, send) => {
    server.script({ silent: true });
    send(inviteBytes());
    assert.equal(await server.waitFor((m) => m.direction === 'to-client', 300), undefined);
  });
  await withUdp(async (server, send) => {
    server.script({ delayMs: 100 });
    send(inviteBytes());
    const trying = await fromBed(server, 100);
    const ok = await fromBed(server, 200);
    assert.ok(ok!.at - trying!.at >= 90, `${ok!.at - trying!.at} ms`);
    send(ack());
  });
});

test('the first ACK can be "lost": the 2xx keeps coming until the second', async () => {
  await withUdp(async (server, send) => {
    server.script({ dropFirstAck: true });
    send(inviteBytes());
    const ok = await fromBed(server, 200);
    send(ack('call-1', 'z9hG4bKa1'));
    const firstAck = await server.waitFor((m) => m.sip?.method === 'ACK', WAIT);
    assert.ok(await fromBed(server, 200, Math.max(firstAck!.seq, ok!.seq)), 'retransmitted after the lost ACK');
    send(ack('call-1', 'z9hG4bKa2'));
    const second = await server.waitFor((m) => m.sip?.method === 'ACK' && m.seq > firstAck!.seq, WAIT);
    assert.equal(await server.waitFor((m) => m.direction === 'to-client' && m.seq > second!.seq, 300), undefined);
  });
});

test('over TCP a message in two chunks and two messages in one write are framed and answered on the connection', async () => {
  const server = await MockImServer.start({ host: '127.0.0.1' });
  const socket = net.connect({ port: server.port, host: '127.0.0.1', localAddress: '127.0.0.2' });
  try {
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const received: Buffer[] = [];
    socket.on('data', (d) => received.push(d));
    const bytes = inviteBytes();
    socket.write(bytes.subarray(0, 100));
    socket.write(bytes.subarray(100));
    const ok = await fromBed(server, 200);
    assert.equal(ok!.transport, 'tcp');
    const bye = sipText(['BYE sip:conf-42@conference.example.invalid SIP/2.0', 'Via: SIP/2.0/TCP 127.0.0.2:5070;branch=z9hG4bKbye', 'Call-ID: call-1', 'CSeq: 314160 BYE', 'From: <sip:a@b>;tag=1', 'To: <sip:c@d>;tag=x']);
    socket.write(Buffer.concat([ack(), bye]));
    const byeOk = await server.waitFor((m) => m.direction === 'to-client' && m.sip?.status === 200 && /BYE/.test(headerValue(m.sip, 'CSeq') ?? ''), WAIT);
    assert.ok(byeOk);
    assert.ok(server.trace.some((m) => m.sip?.method === 'ACK'));
    await new Promise<void>((resolve) => (Buffer.concat(received).includes('BYE\r\n') ? resolve() : socket.once('data', () => resolve())));
    assert.match(Buffer.concat(received).toString(), /SIP\/2\.0 200 OK[\s\S]*CSeq: 314160 BYE/);
  } finally {
    socket.destroy();
    await server.stop();
  }
});

test('bytes that do not parse are recorded with the reason and raw bytes, listed, and waited for', async () => {
  await withUdp(async (server, send) => {
    send(Buffer.from('HELLO\r\n\r\n'));
    send(Buffer.from('OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 9\r\n\r\nab'));
    const second = await server.waitFor((m) => m.seq === 2, WAIT);
    // RFC 3261 18.3: a datagram shorter than its Content-Length is read, and its length reported.
    assert.match(second?.sip?.lengthProblem?.reason ?? '', /Content-Length says 9 bytes but only 2/);
    const unparsable = server.trace.filter((m) => m.parseError !== undefined);
    assert.equal(unparsable.length, 1);
    assert.equal(unparsable[0].bytes.toString(), 'HELLO\r\n\r\n');
  });
  const server = await MockImServer.start({ host: '127.0.0.1' });
  const socket = net.connect({ port: server.port, host: '127.0.0.1', localAddress: '127.0.0.2' });
  try {
    socket.write('OPTIONS sip:a@b SIP/2.0\r\nCall-ID: 1\r\n\r\n');
    const m = await server.waitFor((x) => x.parseError !== undefined, WAIT);
    assert.match(m!.parseError!, /Content-Length/);
  } finally {
    socket.destroy();
    await server.stop();
  }
});

test('waitFor: at once for what is recorded, undefined on timeout or stop; stop is idempotent and frees the port', async () => {
  const server = await MockImServer.start({ host: '127.0.0.1' });
  const pending = server.waitFor(() => false, 60_000);
  assert.equal(await server.waitFor(() => false, 10), undefined);
  await server.stop();
  assert.equal(await pending, undefined);
  await server.stop();
  const again = dgram.createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    again.once('error', reject);
    again.bind(server.port, '127.0.0.1', () => resolve());
  });
  again.close();
});

test('a SUBSCRIBE gets 200 OK, then a NOTIFY in its dialog; the script can send the NOTIFY first', async () => {
  for (const order of ['after-200', 'before-200'] as const) {
    await withUdp(async (server, send) => {
      server.script({ notify: order });
      send(
        sipText([
          'SUBSCRIBE sip:conf@focus.invalid SIP/2.0',
          'Via: SIP/2.0/UDP 127.0.0.2:5070;branch=z9hG4bKs1',
          'From: <sip:alice@example.invalid>;tag=s1',
          'To: <sip:conf@focus.invalid>',
          'Call-ID: sub-1',
          'CSeq: 1 SUBSCRIBE',
          'Contact: <sip:alice@127.0.0.2:5070>',
          'Event: conference',
          'Expires: 600',
        ]),
      );
      const notify = await server.waitFor((m) => m.sip?.method === 'NOTIFY', WAIT);
      const ok = await fromBed(server, 200);
      assert.ok(notify && ok);
      assert.equal(order === 'after-200', ok.seq < notify.seq);
      assert.equal(notify.sip!.requestUri, 'sip:alice@127.0.0.2:5070');
      assert.equal(headerValue(notify.sip!, 'Call-ID'), 'sub-1');
      assert.equal(headerValue(notify.sip!, 'Event'), 'conference');
      assert.match(notify.sip!.body.toString(), /<conference-info /);
    });
  }
});

test('the MSRP port of the SDP answer answers a SEND with 200 OK, both recorded as MSRP', async () => {
  await withUdp(async (server, send) => {
    send(inviteBytes());
    const ok = await fromBed(server, 200);
    const path = /a=path:msrp:\/\/127\.0\.0\.1:(\d+)\/(\w+);tcp/.exec(ok!.sip!.body.toString())!;
    const socket = net.connect({ port: Number(path[1]), host: '127.0.0.1', localAddress: '127.0.0.2' });
    try {
      const tid = 'a1b2c3d4';
      socket.write(`MSRP ${tid} SEND\r\nTo-Path: msrp://127.0.0.1:${path[1]}/${path[2]};tcp\r\nFrom-Path: msrp://127.0.0.2:4000/me;tcp\r\nMessage-ID: m1\r\nByte-Range: 1-0/0\r\n-------${tid}$\r\n`);
      const answer = await server.waitFor((m) => m.protocol === 'msrp' && m.direction === 'to-client', WAIT);
      assert.match(answer!.bytes.toString(), new RegExp(`^MSRP ${tid} 200 OK\\r\\nTo-Path: msrp://127\\.0\\.0\\.2:4000/me;tcp`));
      assert.equal(answer!.sip, undefined);
      send(ack());
    } finally {
      socket.destroy();
    }
  });
});

test('the SIP/IP Core Record-Routes the 2xx (itself, lr, the transport); with the IM Server side too, that entry comes first', async () => {
  await withUdp(async (server, send) => {
    send(inviteBytes());
    const ok = await fromBed(server, 200);
    assert.deepEqual(findHeaders(ok!.sip!, 'Record-Route').map((h) => h.value), [`<sip:127.0.0.1:${server.port};transport=udp;lr>`]);
    server.script({ imServerRecordRoutes: true });
    send(inviteBytes('call-2'));
    const second = await server.waitFor((m) => m.sip?.status === 200 && headerValue(m.sip, 'Call-ID') === 'call-2', WAIT);
    assert.deepEqual(findHeaders(second!.sip!, 'Record-Route').map((h) => h.value), [`<sip:im-server@127.0.0.1:${server.port};transport=udp;lr>`, `<sip:127.0.0.1:${server.port};transport=udp;lr>`]);
  });
});

test('an offer with a=setup:passive makes the IM Server the active party: it connects to the offer\'s a=path and binds with an empty SEND', async () => {
  const listener = net.createServer();
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.2', resolve));
  const port = (listener.address() as net.AddressInfo).port;
  const got = new Promise<string>((resolve) => listener.once('connection', (s) => s.once('data', (d) => resolve(d.toString()))));
  try {
    await withUdp(async (server, send) => {
      const offer = OFFER.replace(/a=path:\S+/, `a=path:msrp://127.0.0.2:${port}/pp;tcp`).replace('a=setup:active', 'a=setup:passive');
      send(sipText(inviteLines(), offer));
      const ok = await fromBed(server, 200);
      assert.match(ok!.sip!.body.toString(), /a=setup:active/);
      assert.match(await got, new RegExp(`^MSRP \\w+ SEND\\r\\nTo-Path: msrp://127\\.0\\.0\\.2:${port}/pp;tcp\\r\\n`));
      assert.ok(await server.waitFor((m) => m.protocol === 'msrp' && m.direction === 'to-client', WAIT));
    });
  } finally {
    listener.close();
  }
});

test('a datagram that repeats the INVITE\'s bytes is a copy of it, whether or not it parses', async () => {
  const garbage = Buffer.from('INVITE sip:conf-42@conference.example.invalid SIP/2.0\r\nbroken');
  await withUdp(async (server, send) => {
    send(garbage);
    send(garbage);
    await server.waitFor((m) => m.seq === 2, WAIT);
    assert.equal(server.trace[0].parseError !== undefined, true);
    assert.equal(copiesOf(server.trace, server.trace[0]).length, 2);
  });
});

test('a CRLF or STUN keep-alive datagram is recorded as a keep-alive, never taken for the INVITE', async () => {
  await withUdp(async (server, send) => {
    send(Buffer.from('\r\n\r\n'));
    const stun = Buffer.alloc(20);
    stun.writeUInt16BE(0x0001, 0);
    stun.writeUInt32BE(0x2112a442, 4);
    send(stun);
    send(inviteBytes());
    await fromBed(server, 200);
    assert.deepEqual(server.trace.slice(0, 2).map((m) => [m.protocol, m.parseError]), [['keep-alive', undefined], ['keep-alive', undefined]]);
    assert.equal(server.trace[2].sip?.method, 'INVITE');
  });
});

test('an a=setup:passive offer whose a=path names a port out of range or a host name gets its 200 OK, and nothing is dialled', async () => {
  for (const path of ['msrp://127.0.0.2:99999/x;tcp', 'msrp://client.example.invalid:5000/x;tcp']) {
    await withUdp(async (server, send) => {
      send(sipText(inviteLines(), OFFER.replace(/a=path:\S+/, `a=path:${path}`).replace('a=setup:active', 'a=setup:passive')));
      assert.ok(await fromBed(server, 200), path);
      assert.equal(server.trace.filter((m) => m.protocol === 'msrp').length, 0, path);
    });
  }
});

test('over TCP, bytes still waiting for their Content-Length when the test bed stops are recorded, with the reason', async () => {
  const server = await MockImServer.start({ host: '127.0.0.1' });
  const socket = net.connect({ port: server.port, host: '127.0.0.1', localAddress: '127.0.0.2' });
  // One write: once the whole message before it is recorded, the incomplete one has arrived too.
  socket.write(Buffer.concat([sipText(['OPTIONS sip:a@b SIP/2.0', 'Call-ID: 1']), Buffer.from('INVITE sip:a@b SIP/2.0\r\nContent-Length: 99\r\n\r\nabc')]));
  await server.waitFor((m) => m.sip?.method === 'OPTIONS', WAIT);
  await server.stop();
  socket.destroy();
  const last = server.trace.filter((m) => m.direction === 'from-client').pop();
  assert.match(last?.parseError ?? '', /incomplete message: Content-Length says 99 bytes, 3 came/);
});

test("a BYE of a dialog the scenario never had is marked stray and gets 481; the scenario's own BYE gets 200, at either of its addresses", async () => {
  const ledger = { next: 1 };
  const direct = await MockImServer.start({ host: '127.0.0.3', sequence: ledger, t1Ms: 20 });
  try {
    await withUdp(async (server, send) => {
      const bye = (callId: string, toTag: string, port = server.port, host = '127.0.0.1') => {
        const socket = dgram.createSocket('udp4');
        const bytes = sipText([`BYE sip:conf-42@conference.example.invalid SIP/2.0`, 'Via: SIP/2.0/UDP 127.0.0.2:5071;branch=z9hG4bKbye', `Call-ID: ${callId}`, 'CSeq: 2 BYE', 'From: <sip:alice@example.invalid>;tag=1', `To: <sip:conf-42@conference.example.invalid>;tag=${toTag}`]);
        socket.bind(0, '127.0.0.2', () => socket.send(bytes, port, host, () => socket.close()));
      };
      bye('an-earlier-scenario', 'old');
      const stray481 = await fromBed(server, 481);
      assert.ok(stray481, 'a stray BYE is answered 481 Call/Transaction Does Not Exist');
      const strayBye = server.trace.find((m) => m.sip?.method === 'BYE')!;
      assert.match(strayBye.stray ?? '', /^a BYE of no dialog the test bed took part in in this scenario \(Call-ID an-earlier-scenario unknown here, To tag old not one it gave\)$/);
      assert.equal(stray481.stray, undefined, "the test bed's own answer is never stray");
      send(ack('an-earlier-scenario'));
      assert.ok((await server.waitFor((m) => m.sip?.method === 'ACK', WAIT))?.stray, 'a stray ACK is marked too, and answered with nothing');

      send(inviteBytes('call-9'));
      const ok = await fromBed(server, 200);
      const toTag = /;tag=(\w+)/.exec(headerValue(ok!.sip!, 'To')!)![1];
      // The IM Server's own address shares the scenario's ledger: the dialog is known there too.
      bye('call-9', toTag, direct.port, '127.0.0.3');
      const answered = await direct.waitFor((m) => m.direction === 'to-client' && m.sip?.status !== undefined, WAIT);
      assert.equal(answered?.sip?.status, 200);
      assert.equal(direct.trace.find((m) => m.sip?.method === 'BYE')?.stray, undefined);
    }, 20, ledger);
  } finally {
    await direct.stop();
  }
});
