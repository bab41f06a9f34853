import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as dgram from 'node:dgram';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { test, type TestContext } from 'node:test';

/**
 * The reference client as a child process (client/cli.ts), driven by the upper-tester protocol,
 * against a raw socket in this test that plays the outbound proxy and the IM Server. What is
 * asserted is what crossed the wire, byte for byte.
 */

const ROOT = (() => {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error('no package.json above the test');
  }
})();
// Run from source under ts-node, compiled from dist/ otherwise.
const CLI_ARGS = __filename.endsWith('.ts')
  ? ['-r', 'ts-node/register/transpile-only', path.join(ROOT, 'client', 'cli.ts')]
  : [path.join(ROOT, 'dist', 'client', 'cli.js')];

const CLIENT_HOST = '127.0.0.2';
const PROXY_HOST = '127.0.0.1';
const START_MS = 20_000; // ts-node compiles on start; several test files start clients at once
const WAIT_MS = 5_000;

// ---- waiting on events, bounded ---------------------------------------------------------------

/** Items as they arrive; `take` hands out the first one not taken yet that matches. */
class Inbox<T> {
  private readonly items: { item: T; taken: boolean }[] = [];
  private readonly waiters = new Set<() => void>();
  constructor(private readonly describe: (item: T) => string) {}

  push(item: T): void {
    this.items.push({ item, taken: false });
    for (const w of [...this.waiters]) w();
  }

  all(): T[] {
    return this.items.map((e) => e.item);
  }

  take(match: (item: T) => boolean, what: string, ms = WAIT_MS): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const entry = this.items.find((e) => !e.taken && match(e.item));
        if (!entry) return false;
        entry.taken = true;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(entry.item);
        return true;
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`no ${what} within ${ms} ms; got:\n${this.items.map((e) => this.describe(e.item)).join('\n---\n')}`));
      }, ms);
      if (!check()) this.waiters.add(check);
    });
  }
}

// ---- the outbound proxy / IM Server: a raw socket ----------------------------------------------

interface Wire {
  text: string;
  bytes: Buffer;
  transport: 'udp' | 'tcp';
  source: { address: string; port: number };
  /** Sends bytes back the way this message came (UDP: to its source; TCP: on its connection). */
  reply(text: string): void;
}

/** The kept values of a `state` reply; `msrp` depends on the test UAS's answer, so it is left out. */
const kept = (reply: Reply) => {
  const rest: Record<string, unknown> = { ...reply.state };
  delete rest.msrp;
  return rest;
};
const startLine = (m: Wire): string => m.text.slice(0, m.text.indexOf('\r\n'));
const headerBlock = (m: Wire): string => m.text.slice(0, m.text.indexOf('\r\n\r\n'));
/** Every value of header `name`, in wire order. */
const headers = (m: Wire, name: string): string[] =>
  headerBlock(m)
    .split('\r\n')
    .slice(1)
    .filter((l) => l.toLowerCase().startsWith(name.toLowerCase() + ':'))
    .map((l) => l.slice(l.indexOf(':') + 1).trim());
const header = (m: Wire, name: string): string | undefined => headers(m, name)[0];
const body = (m: Wire): Buffer => m.bytes.subarray(m.bytes.indexOf('\r\n\r\n') + 4);
const isRequest = (method: string) => (m: Wire) => startLine(m).startsWith(method + ' ');
const isResponse = (cseqMethod: string) => (m: Wire) => startLine(m).startsWith('SIP/2.0 ') && (header(m, 'CSeq') ?? '').endsWith(' ' + cseqMethod);
const branch = (m: Wire): string | undefined => /;branch=([^;\s,]+)/.exec(header(m, 'Via') ?? '')?.[1];

/** A response to `rq`: its Via lines, From, To (with `toTag` if given), Call-ID and CSeq. */
function response(rq: Wire, status: string, extra: string[] = [], toTag?: string): string {
  const to = header(rq, 'To')!;
  const lines = [
    `SIP/2.0 ${status}`,
    ...headers(rq, 'Via').map((v) => `Via: ${v}`),
    `From: ${header(rq, 'From')}`,
    `To: ${toTag && !/;tag=/.test(to) ? `${to};tag=${toTag}` : to}`,
    `Call-ID: ${header(rq, 'Call-ID')}`,
    `CSeq: ${header(rq, 'CSeq')}`,
    ...extra,
    'Content-Length: 0',
  ];
  return lines.join('\r\n') + '\r\n\r\n';
}

/** Splits a TCP byte stream into SIP messages by Content-Length. */
function framer(onMessage: (bytes: Buffer) => void): (chunk: Buffer) => void {
  let buffer = Buffer.alloc(0);
  return (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/\r\nContent-Length:\s*(\d+)/i.exec(buffer.subarray(0, end).toString('latin1'))?.[1] ?? 0);
      if (buffer.length < end + 4 + length) return;
      onMessage(buffer.subarray(0, end + 4 + length));
      buffer = buffer.subarray(end + 4 + length);
    }
  };
}

class WireProxy {
  readonly inbox = new Inbox<Wire>((m) => `${m.transport} from ${m.source.address}:${m.source.port}\n${m.text}`);
  private readonly closers: (() => void)[] = [];
  port = 0;

  static async start(transport: 'udp' | 'tcp'): Promise<WireProxy> {
    const proxy = new WireProxy();
    if (transport === 'udp') {
      const socket = dgram.createSocket('udp4');
      socket.on('message', (bytes, rinfo) =>
        proxy.inbox.push({
          text: bytes.toString('latin1'),
          bytes,
          transport,
          source: { address: rinfo.address, port: rinfo.port },
          reply: (text) => socket.send(Buffer.from(text, 'latin1'), rinfo.port, rinfo.address),
        }),
      );
      await new Promise<void>((resolve) => socket.bind(0, PROXY_HOST, resolve));
      proxy.port = socket.address().port;
      proxy.udp = socket;
      proxy.closers.push(() => socket.close());
    } else {
      const sockets = new Set<net.Socket>();
      const server = net.createServer((s) => proxy.attach(s, sockets));
      await new Promise<void>((resolve) => server.listen(0, PROXY_HOST, resolve));
      proxy.port = (server.address() as net.AddressInfo).port;
      proxy.closers.push(() => {
        server.close();
        for (const s of sockets) s.destroy();
      });
      proxy.tcpSockets = sockets;
    }
    return proxy;
  }

  private udp?: dgram.Socket;
  private tcpSockets?: Set<net.Socket>;

  private attach(socket: net.Socket, sockets: Set<net.Socket>): void {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    const source = { address: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 };
    socket.on(
      'data',
      framer((bytes) => this.inbox.push({ text: bytes.toString('latin1'), bytes, transport: 'tcp', source, reply: (text) => socket.write(Buffer.from(text, 'latin1')) })),
    );
  }

  /** Sends a message to the client's SIP address (UDP: a datagram; TCP: a new connection). */
  async sendTo(text: string, host: string, port: number): Promise<void> {
    if (this.udp) {
      this.udp.send(Buffer.from(text, 'latin1'), port, host);
      return;
    }
    const socket = net.connect({ host, port, localAddress: PROXY_HOST });
    this.attach(socket, this.tcpSockets!);
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    socket.write(Buffer.from(text, 'latin1'));
  }

  close(): void {
    for (const c of this.closers) c();
  }
}

// ---- the client process ---------------------------------------------------------------------

async function freePort(host: string): Promise<number> {
  for (;;) {
    const udp = dgram.createSocket('udp4');
    const port = await new Promise<number>((resolve) => udp.bind(0, host, () => resolve(udp.address().port)));
    const free = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, host, () => server.close(() => resolve(true)));
    });
    await new Promise<void>((resolve) => udp.close(() => resolve()));
    if (free) return port;
  }
}

type Reply = { id?: unknown; ok: boolean; error?: string; state?: { allow: string[] | null; sessionIdentity: string | null; subscribed?: boolean; msrp?: string } };

class ClientProcess {
  readonly lines = new Inbox<string>((l) => l);
  stderr = '';
  private nextId = 1;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(readonly child: ChildProcess) {
    readline.createInterface({ input: child.stdout! }).on('line', (l) => this.lines.push(l));
    child.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  static spawn(t: TestContext, env: Record<string, string>): ClientProcess {
    const child = spawn(process.execPath, CLI_ARGS, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    const client = new ClientProcess(child);
    t.after(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    return client;
  }

  async ready(): Promise<Record<string, unknown>> {
    const line = await Promise.race([
      this.lines.take((l) => l.includes('"event"'), 'ready line', START_MS),
      this.exited.then(({ code }) => Promise.reject(new Error(`the client exited (${code}) before ready:\n${this.stderr}`))),
    ]);
    return JSON.parse(line) as Record<string, unknown>;
  }

  /** Sends an action; the reply comes later through `reply(id)`. */
  send(action: Record<string, unknown>): number {
    const id = this.nextId++;
    this.child.stdin!.write(JSON.stringify({ id, ...action }) + '\n');
    return id;
  }

  async reply(id: number, ms = WAIT_MS): Promise<Reply> {
    const line = await this.lines.take((l) => (JSON.parse(l) as Reply).id === id, `reply to ${id}`, ms);
    return JSON.parse(line) as Reply;
  }

  async ask(action: Record<string, unknown>): Promise<Reply> {
    return this.reply(this.send(action));
  }

  /** Resolves with the exit, or rejects if it takes longer than `ms`. */
  async exit(ms: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }> {
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const result = await Promise.race([
      this.exited,
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`still running after ${ms} ms:\n${this.stderr}`)), ms))),
    ]);
    clearTimeout(timer);
    return { ...result, ms: Date.now() - started };
  }
}

async function setUp(t: TestContext, transport: 'udp' | 'tcp', env: Record<string, string> = {}) {
  const proxy = await WireProxy.start(transport);
  t.after(() => proxy.close());
  const localPort = await freePort(CLIENT_HOST);
  const client = ClientProcess.spawn(t, {
    IM_CONFERENCE_URI: 'sip:default-conf@conference.example.invalid',
    IM_OUTBOUND_PROXY: `sip:${PROXY_HOST}:${proxy.port};transport=${transport};lr`,
    IM_PROXY_HOST: PROXY_HOST,
    IM_PROXY_PORT: String(proxy.port),
    IM_TRANSPORT: transport,
    IM_USER_URI: 'sip:alice@example.invalid',
    IM_LOCAL_HOST: CLIENT_HOST,
    IM_LOCAL_PORT: String(localPort),
    IM_CLIENT_FAULTS: '',
    // These tests count the messages of the INVITE dialog; the subscription has its own tests.
    IM_CONFERENCE_SUBSCRIPTION: 'off',
    ...env,
  });
  const ready = await client.ready();
  return { proxy, client, localPort, ready };
}

/** Stops the client through its stdin and checks that it went promptly, leaving nothing open. */
async function closeStdinAndExit(client: ClientProcess): Promise<void> {
  client.child.stdin!.end();
  const { code, ms } = await client.exit(3_000);
  assert.equal(code, 0, client.stderr);
  assert.doesNotMatch(client.stderr, /still busy/, 'a socket or timer outlived stop()');
  assert.ok(ms < 1_000, `took ${ms} ms to exit`);
}

// ---- the tests --------------------------------------------------------------------------------

test('e2e UDP: rejoin through the outbound proxy, ACK of the 2xx and its retransmission, state, leave', async (t) => {
  const { proxy, client, localPort, ready } = await setUp(t, 'udp');
  assert.deepEqual(ready, { event: 'ready', name: 'simple-im-reference', version: JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version });

  const conference = 'sip:team%20chat@conference.example.invalid;session=im';
  const rejoin = client.send({ action: 'rejoin', conference });
  const invite = await proxy.inbox.take(isRequest('INVITE'), 'INVITE');

  // It reached the proxy (this socket), from the client's own bound address.
  assert.deepEqual(invite.source, { address: CLIENT_HOST, port: localPort });
  assert.equal(startLine(invite), `INVITE ${conference} SIP/2.0`, 'Request-URI exactly as asked');
  assert.deepEqual(headers(invite, 'Route'), [`<sip:${PROXY_HOST}:${proxy.port};transport=udp;lr>`]);
  assert.equal(header(invite, 'To'), `<${conference}>`);
  assert.match(header(invite, 'From') ?? '', /^<sip:alice@example\.invalid>;tag=\w+$/);
  assert.equal(header(invite, 'Max-Forwards'), '70');
  assert.equal(header(invite, 'CSeq'), '1 INVITE');
  assert.match(branch(invite) ?? '', /^z9hG4bK/);
  assert.equal(header(invite, 'Contact'), `<sip:alice@${CLIENT_HOST}:${localPort};transport=udp>;+g.oma.sip-im`);
  assert.equal(header(invite, 'Accept-Contact'), '*;+g.oma.sip-im');
  assert.match(header(invite, 'User-Agent') ?? '', /^IM-client\/OMA1\.0 simple-im-reference\/\d+\.\d+\.\d+/);
  assert.equal(header(invite, 'Content-Type'), 'application/sdp');
  assert.equal(Number(header(invite, 'Content-Length')), body(invite).length);
  assert.match(body(invite).toString(), /^v=0\r\no=- \d+ \d+ IN IP4 127\.0\.0\.2\r\n/);

  // 200 OK: Contact different from the Request-URI, Allow over two lines.
  const focus = 'sip:focus-7@im.example.invalid;isfocus';
  const ok = response(invite, '200 OK', [`Contact: <${focus}>`, 'Allow: INVITE, ACK, BYE', 'Allow: OPTIONS, SUBSCRIBE'], 'srv-1');
  invite.reply(ok);
  const ack = await proxy.inbox.take(isRequest('ACK'), 'ACK of the 200');
  assert.equal(startLine(ack), `ACK ${focus} SIP/2.0`, 'ACK to the Contact of the 2xx');
  assert.equal(header(ack, 'Call-ID'), header(invite, 'Call-ID'));
  assert.equal(header(ack, 'CSeq'), '1 ACK');
  assert.equal(header(ack, 'From'), header(invite, 'From'));
  assert.equal(header(ack, 'To'), `<${conference}>;tag=srv-1`);
  assert.deepEqual(headers(ack, 'Route'), headers(invite, 'Route'));
  assert.match(branch(ack) ?? '', /^z9hG4bK/);
  assert.notEqual(branch(ack), branch(invite), 'the ACK of a 2xx is a new transaction');
  assert.deepEqual(await client.reply(rejoin), { id: rejoin, ok: true });

  // The 2xx again (as if the ACK were lost): the same ACK again.
  invite.reply(ok);
  const again = await proxy.inbox.take(isRequest('ACK'), 'ACK of the retransmitted 200');
  assert.equal(again.text, ack.text);

  const state = await client.ask({ action: 'state' });
  assert.equal(state.ok, true);
  assert.deepEqual(kept(state), { allow: ['INVITE', 'ACK', 'BYE', 'OPTIONS', 'SUBSCRIBE'], sessionIdentity: focus, subscribed: false });

  // Requests from the network: OPTIONS answered 200 with Allow, an unknown method 501.
  const options = (method: string, n: number) =>
    [
      `${method} sip:alice@${CLIENT_HOST}:${localPort} SIP/2.0`,
      `Via: SIP/2.0/UDP ${PROXY_HOST}:${proxy.port};branch=z9hG4bKopt${n}`,
      `From: <sip:focus-7@im.example.invalid>;tag=o${n}`,
      `To: <sip:alice@example.invalid>`,
      `Call-ID: options-${n}`,
      `CSeq: 1 ${method}`,
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');
  await proxy.sendTo(options('OPTIONS', 1), CLIENT_HOST, localPort);
  const optionsOk = await proxy.inbox.take(isResponse('OPTIONS'), '200 to OPTIONS');
  assert.equal(startLine(optionsOk), 'SIP/2.0 200 OK');
  assert.match(header(optionsOk, 'Allow') ?? '', /INVITE.*BYE/);
  assert.match(header(optionsOk, 'To') ?? '', /;tag=/);
  await proxy.sendTo(options('FROB', 2), CLIENT_HOST, localPort);
  assert.match(startLine(await proxy.inbox.take(isResponse('FROB'), 'answer to FROB')), /^SIP\/2\.0 501 /);

  // A line that is not JSON is answered and changes nothing.
  client.child.stdin!.write('this is not json\n');
  const bad = JSON.parse(await client.lines.take((l) => l.includes('bad request'), 'bad request reply')) as Reply;
  assert.equal(bad.ok, false);
  assert.match(bad.error ?? '', /^bad request: /);

  // leave: BYE to the stored IM Session Identity, in the dialog.
  const leave = client.send({ action: 'leave' });
  const bye = await proxy.inbox.take(isRequest('BYE'), 'BYE');
  assert.equal(startLine(bye), `BYE ${focus} SIP/2.0`);
  assert.equal(header(bye, 'CSeq'), '2 BYE');
  assert.equal(header(bye, 'Call-ID'), header(invite, 'Call-ID'));
  assert.equal(header(bye, 'From'), header(invite, 'From'));
  assert.equal(header(bye, 'To'), `<${conference}>;tag=srv-1`);
  assert.deepEqual(headers(bye, 'Route'), headers(invite, 'Route'));
  bye.reply(response(bye, '200 OK'));
  assert.deepEqual(await client.reply(leave), { id: leave, ok: true });
  assert.deepEqual(kept(await client.ask({ action: 'state' })), { allow: null, sessionIdentity: null, subscribed: false });
  const again2 = await client.ask({ action: 'leave' });
  assert.deepEqual({ ok: again2.ok, error: again2.error }, { ok: false, error: 'no session' });

  await closeStdinAndExit(client);
});

test('e2e UDP, fault wrong-request-uri: only the Request-URI differs from the conference asked', async (t) => {
  const { proxy, client } = await setUp(t, 'udp', { IM_CLIENT_FAULTS: 'wrong-request-uri' });
  const conference = 'sip:conf-42@conference.example.invalid';
  client.send({ action: 'rejoin', conference });
  const invite = await proxy.inbox.take(isRequest('INVITE'), 'INVITE');
  assert.equal(startLine(invite), 'INVITE sip:conf-42@wrong-conference.invalid SIP/2.0');
  assert.equal(header(invite, 'To'), `<${conference}>`);
  assert.deepEqual(headers(invite, 'Route'), [`<sip:${PROXY_HOST}:${proxy.port};transport=udp;lr>`]);
  assert.match(client.stderr, /fault switches on: wrong-request-uri/);
  await closeStdinAndExit(client);
});

test('e2e UDP: a final non-2xx is ACKed in its transaction and reported; no session follows', async (t) => {
  const { proxy, client } = await setUp(t, 'udp');
  const rejoin = client.send({ action: 'rejoin' }); // the default conference, IM_CONFERENCE_URI
  const invite = await proxy.inbox.take(isRequest('INVITE'), 'INVITE');
  assert.equal(startLine(invite), 'INVITE sip:default-conf@conference.example.invalid SIP/2.0');
  invite.reply(response(invite, '486 Busy Here', [], 'busy-1'));
  const ack = await proxy.inbox.take(isRequest('ACK'), 'ACK of the 486');
  assert.equal(branch(ack), branch(invite), 'the ACK of a non-2xx belongs to the INVITE transaction');
  assert.equal(header(ack, 'CSeq'), '1 ACK');
  assert.deepEqual(await client.reply(rejoin), { id: rejoin, ok: false, error: '486 Busy Here' });
  assert.deepEqual(kept(await client.ask({ action: 'state' })), { allow: null, sessionIdentity: null, subscribed: false });
  const unsupported = await client.ask({ action: 'subscribe' });
  assert.deepEqual(unsupported, { id: unsupported.id, ok: false, error: 'unsupported' });
  await closeStdinAndExit(client);
});

test('e2e TCP: rejoin over TCP, a BYE from the server on a new connection ends the session, exit leaves no socket', async (t) => {
  const { proxy, client, localPort } = await setUp(t, 'tcp');
  const conference = 'sip:conf-7@conference.example.invalid:5062;transport=tcp';
  const rejoin = client.send({ action: 'rejoin', conference });
  const invite = await proxy.inbox.take(isRequest('INVITE'), 'INVITE');
  assert.equal(invite.transport, 'tcp');
  assert.equal(invite.source.address, CLIENT_HOST, 'the connection comes from the bound address');
  assert.equal(startLine(invite), `INVITE ${conference} SIP/2.0`);
  assert.match(header(invite, 'Via') ?? '', new RegExp(`^SIP/2\\.0/TCP ${CLIENT_HOST}:${localPort};`));
  assert.equal(header(invite, 'Contact'), `<sip:alice@${CLIENT_HOST}:${localPort};transport=tcp>;+g.oma.sip-im`);
  assert.equal(Number(header(invite, 'Content-Length')), body(invite).length);

  // Record-Route: the proxy nearest the IM Server first, the outbound proxy (this socket) last.
  const recordRoute = `Record-Route: <sip:far-proxy.example.invalid;lr>, <sip:${PROXY_HOST}:${proxy.port};transport=tcp;lr>`;
  invite.reply(response(invite, '200 OK', ['Contact: <sip:focus-9@im.example.invalid>;isfocus', 'Allow: INVITE, ACK, BYE, NOTIFY', recordRoute], 'srv-9'));
  const ack = await proxy.inbox.take(isRequest('ACK'), 'ACK');
  assert.equal(startLine(ack), 'ACK sip:focus-9@im.example.invalid SIP/2.0', 'to the Contact URI, without its header parameter');
  // The route set is the Record-Route reversed (RFC 3261 12.1.2), behind the outbound proxy, which is not repeated.
  assert.deepEqual(headers(ack, 'Route'), [`<sip:${PROXY_HOST}:${proxy.port};transport=tcp;lr>, <sip:far-proxy.example.invalid;lr>`]);
  assert.deepEqual(await client.reply(rejoin), { id: rejoin, ok: true });
  assert.deepEqual(kept(await client.ask({ action: 'state' })), { allow: ['INVITE', 'ACK', 'BYE', 'NOTIFY'], sessionIdentity: 'sip:focus-9@im.example.invalid', subscribed: false });

  const bye = [
    `BYE sip:alice@${CLIENT_HOST}:${localPort};transport=tcp SIP/2.0`,
    `Via: SIP/2.0/TCP ${PROXY_HOST}:${proxy.port};branch=z9hG4bKsrvbye1`,
    `From: <${conference}>;tag=srv-9`,
    `To: ${header(invite, 'From')}`,
    `Call-ID: ${header(invite, 'Call-ID')}`,
    'CSeq: 1 BYE',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  await proxy.sendTo(bye, CLIENT_HOST, localPort);
  const byeOk = await proxy.inbox.take(isResponse('BYE'), '200 to the BYE');
  assert.equal(startLine(byeOk), 'SIP/2.0 200 OK');
  assert.deepEqual(kept(await client.ask({ action: 'state' })), { allow: null, sessionIdentity: null, subscribed: false });

  // Two TCP connections are open now (client → proxy, proxy → client); both must go at exit.
  await closeStdinAndExit(client);
});

test('e2e: SIGTERM stops the client promptly with exit code 0', async (t) => {
  const { client } = await setUp(t, 'tcp');
  client.child.kill('SIGTERM');
  const { code, ms } = await client.exit(3_000);
  assert.equal(code, 0, client.stderr);
  assert.ok(ms < 1_000, `took ${ms} ms`);
  assert.doesNotMatch(client.stderr, /still busy/);
});

test('e2e: start errors are one stderr line and exit code 2, nothing on stdout', async (t) => {
  const localPort = await freePort(CLIENT_HOST);
  const env = {
    IM_PROXY_HOST: PROXY_HOST,
    IM_PROXY_PORT: '5060',
    IM_TRANSPORT: 'udp',
    IM_USER_URI: 'sip:alice@example.invalid',
    IM_LOCAL_HOST: CLIENT_HOST,
    IM_LOCAL_PORT: String(localPort),
    IM_OUTBOUND_PROXY: '',
    IM_CONFERENCE_URI: '',
  };
  const failsWith = async (extra: Record<string, string>, message: RegExp) => {
    const client = ClientProcess.spawn(t, { ...env, IM_CLIENT_FAULTS: '', ...extra });
    const { code } = await client.exit(START_MS);
    assert.equal(code, 2, client.stderr);
    assert.equal(client.lines.all().length, 0, 'stdout must stay empty');
    const lines = client.stderr.trim().split('\n');
    assert.equal(lines.length, 1, client.stderr);
    assert.match(lines[0], message);
  };

  await failsWith({ IM_CLIENT_FAULTS: 'no-such-fault' }, /IM_CLIENT_FAULTS.*"no-such-fault"/);
  await failsWith({ IM_LOCAL_PORT: '0' }, /IM_LOCAL_PORT/);
  await failsWith({ IM_TRANSPORT: 'sctp' }, /IM_TRANSPORT/);

  // The port taken by someone else: the package's uncaught EADDRINUSE becomes a clean exit.
  const squatter = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => squatter.bind(localPort, CLIENT_HOST, resolve));
  t.after(() => squatter.close());
  await failsWith({}, /EADDRINUSE/);
});
