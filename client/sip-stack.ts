import dgram from 'node:dgram';
import net from 'node:net';
import tls from 'node:tls';
import * as sip from 'sip';
import type { Transport } from './config';
import type { TlsHandshakeFault } from './faults';

/**
 * The `sip` package's stack, made safe to start and to stop.
 *
 * The package opens its sockets itself and hands none of them out, which costs three things
 * (docs/upper-tester.md, "the sip package"): a bind error is an uncaught 'error' event, the
 * TCP connections outlive destroy() by two minutes, and Nagle stays on. So this module catches
 * the sockets as the package creates them: while `sip.create` runs, and while each `send` runs,
 * it wraps `dgram.createSocket`, `net.createServer`/`tls.createServer` and `net.connect`/`tls.connect`
 * and puts them back in a `finally` (the connects are also given IM_LOCAL_HOST as the local address).
 * Over IPv6 the package is told its own address bracketed (`publicAddress: [::1]`), which is how
 * its Via must print it (RFC 3261 25.1), and which keeps it from taking a next hop on the same
 * loopback address for itself. Both calls are synchronous for an IP next hop (the configuration insists on one),
 * and nothing else can run in between, so nothing outside the stack is touched.
 */

export interface StackSettings {
  host: string;
  port: number;
  transport: Transport;
  /** Over TLS: the CA to trust (PEM), and the client's own certificate and key (mutual TLS). */
  tls?: { ca: string; cert?: string; key?: string };
  /** One line per SIP message sent or received, and per package error. */
  log: (line: string) => void;
  /** Fault switch no-invite-retransmission: a UDP datagram repeating an INVITE already sent is not sent. */
  dropInviteRetransmissions?: boolean;
  /** Fault switch invite-branch-without-cookie: the INVITE's branch goes out without z9hG4bK (see cookieless). */
  inviteBranchWithoutCookie?: boolean;
  /** Fault switch via-tcp-over-tls: the transport the INVITE's top Via names instead of the real one. */
  inviteViaTransport?: string;
  /** Fault switches tls-untrusting, tls-1.1-only, tls-plaintext: how the TLS handshake goes wrong. */
  tlsHandshake?: TlsHandshakeFault;
}

export type ReceiveListener = (message: sip.IncomingRequest | sip.IncomingResponse, remote: sip.Remote) => void;

export interface ManagedStack {
  /** Sends a request (an ACK statelessly). Throws what the package throws synchronously. */
  send(request: sip.OutgoingRequest, onResponse?: sip.ResponseHandler): void;
  /** Sends a response through the server transaction of its request. */
  respond(response: sip.OutgoingResponse): void;
  /** Every message the stack parsed, before the transaction layer sees it. Returns an unsubscribe. */
  onReceive(listener: ReceiveListener): () => void;
  /** TCP connections open right now (the tests' window on the socket tracking). */
  openConnections(): number;
  /** Stops transactions, closes the listener and destroys every TCP connection. Idempotent. */
  close(): void;
}

export class StackStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StackStartError';
  }
}

/**
 * Calls `body` with `obj[key]` wrapped so that every value it returns is given to `seen`;
 * `mapArgs`, if given, rewrites the arguments first.
 */
function intercepting<T, R>(obj: object, key: string, seen: (created: R) => void, body: () => T, mapArgs?: (args: unknown[]) => unknown[]): T {
  const target = obj as Record<string, unknown>;
  const original = target[key] as (...args: unknown[]) => R;
  target[key] = function (this: unknown, ...args: unknown[]): R {
    const created = original.apply(this, mapArgs ? mapArgs(args) : args);
    seen(created);
    return created;
  };
  try {
    return body();
  } finally {
    target[key] = original;
  }
}

/** Calls `body` with `obj[key]` replaced by `by`, and puts it back. */
function replacing<T>(obj: object, key: string, by: unknown, body: () => T): T {
  const target = obj as Record<string, unknown>;
  const original = target[key];
  target[key] = by;
  try {
    return body();
  } finally {
    target[key] = original;
  }
}

/** The package's TLS options: trust IM_TLS_CA, present the client's certificate, TLS 1.2 at least (RFC 8996). */
function tlsOptions(settings: StackSettings): tls.SecureContextOptions {
  const own = settings.tls;
  switch (settings.tlsHandshake) {
    case 'untrusting':
      return { cert: own?.cert, key: own?.key, minVersion: 'TLSv1.2' };
    case 'tls-1.1':
      // OpenSSL 3 refuses TLS 1.0/1.1 at its default security level; level 0 lets the fault offer them.
      return { ca: own?.ca, cert: own?.cert, key: own?.key, minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' };
    default:
      return { ca: own?.ca, cert: own?.cert, key: own?.key, minVersion: 'TLSv1.2' };
  }
}

function describe(m: sip.OutgoingRequest | sip.OutgoingResponse | sip.IncomingRequest | sip.IncomingResponse): string {
  const cseq = m.headers.cseq as sip.CSeq | string | undefined;
  const cseqText = typeof cseq === 'object' && cseq !== null ? `${cseq.seq} ${cseq.method}` : String(cseq ?? '');
  if ('method' in m && m.method) return `${m.method} ${sip.stringifyUri(m.uri)} (CSeq ${cseqText})`;
  const r = m as sip.IncomingResponse;
  return `${r.status} ${r.reason} (CSeq ${cseqText})`;
}

export async function startStack(settings: StackSettings, onRequest: sip.RequestHandler): Promise<ManagedStack> {
  const { log } = settings;
  const udpSockets: dgram.Socket[] = [];
  const servers: net.Server[] = [];
  const connections = new Set<net.Socket>();
  const receivers = new Set<ReceiveListener>();

  const track = (socket: net.Socket): void => {
    connections.add(socket);
    socket.setNoDelay(true);
    socket.once('connect', () => socket.setNoDelay(true));
    socket.once('close', () => connections.delete(socket));
  };

  const branches = settings.inviteBranchWithoutCookie ? cookieless(log) : undefined;

  const overTls = settings.transport === 'tls';
  const options: sip.StackOptions & { tls?: tls.SecureContextOptions; tls_port?: number } = {
    address: settings.host,
    port: settings.port,
    publicAddress: net.isIPv6(settings.host) ? `[${settings.host}]` : settings.host,
    udp: settings.transport === 'udp',
    tcp: settings.transport === 'tcp',
    // The package's TLS transport listens on tls_port and prints `port` in the Via: the same one.
    ...(overTls ? { tls: tlsOptions(settings), tls_port: settings.port } : {}),
    logger: {
      send: (m, target) => {
        branches?.sending(m);
        if (settings.inviteViaTransport && settings.transport === 'tls' && 'method' in m && m.method === 'INVITE' && m.headers.via?.[0]) {
          m.headers.via[0].protocol = settings.inviteViaTransport;
        }
        log(`-> ${target.protocol} ${target.address}:${target.port} ${describe(m)}`);
      },
      recv: (m, remote) => {
        branches?.received(m);
        log(`<- ${remote.protocol} ${remote.address}:${remote.port} ${describe(m)}`);
        for (const listener of receivers) {
          try {
            listener(m, remote);
          } catch (e) {
            log(`!! receive listener failed: ${(e as Error).stack ?? e}`);
          }
        }
      },
      error: (e) => log(`!! sip package: ${e instanceof Error ? e.message : String(e)}`),
    },
  };

  const stack = intercepting(dgram, 'createSocket', (s: dgram.Socket) => udpSockets.push(s), () =>
    intercepting(net, 'createServer', (s: net.Server) => servers.push(s), () =>
      intercepting(tls, 'createServer', (s: tls.Server) => servers.push(s), () => sip.create(options, onRequest)),
    ),
  );
  for (const server of servers) server.on(server instanceof tls.Server ? 'secureConnection' : 'connection', track);
  if (settings.dropInviteRetransmissions) for (const socket of udpSockets) dropRepeatedInvites(socket, log);

  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    try {
      stack.destroy();
    } catch (e) {
      log(`!! stack.destroy: ${(e as Error).message}`);
    }
    for (const socket of connections) socket.destroy();
    connections.clear();
    receivers.clear();
  };

  // Every socket the package made gets an 'error' listener: at start, to turn a bind error into
  // a rejection; afterwards, so that a send error is a log line and not an uncaught exception.
  const where = `${settings.transport.toUpperCase()} ${settings.host}:${settings.port}`;
  let started = false;
  const listening = [
    ...udpSockets.map((s) => ({ emitter: s, ready: () => s.address() })),
    ...servers.map((s) => ({ emitter: s, ready: () => s.address() })),
  ].map(
    ({ emitter, ready }) =>
      new Promise<void>((resolve, reject) => {
        emitter.on('error', (e: Error) => {
          if (started) log(`!! socket error on ${where}: ${e.message}`);
          else reject(new StackStartError(`cannot listen on ${where}: ${(e as NodeJS.ErrnoException).code ?? e.message}`));
        });
        try {
          if (ready()) return resolve();
        } catch {
          // not bound yet
        }
        emitter.once('listening', () => resolve());
      }),
  );
  if (listening.length === 0) throw new StackStartError(`the sip package opened no ${settings.transport} socket`);
  try {
    await Promise.all(listening);
  } catch (e) {
    close();
    throw e;
  }
  started = true;

  return {
    send(request, onResponse) {
      if (closed) throw new Error('the SIP stack is closed');
      // The package calls net.connect(port, host): connect from the bound address too, so a TCP
      // peer sees the same address as the Via and the Contact name.
      const fromLocalHost = (args: unknown[]): unknown[] =>
        typeof args[0] === 'number' && typeof args[1] === 'string' ? [{ port: args[0], host: args[1], localAddress: settings.host }, ...args.slice(2)] : args;
      // tls.connect(port, host, options, callback): the same, with the package's TLS options.
      const tlsFromLocalHost = (args: unknown[]): unknown[] =>
        typeof args[0] === 'number' && typeof args[1] === 'string'
          ? [{ ...(args[2] as object), port: args[0], host: args[1], localAddress: settings.host }, ...args.slice(3)]
          : args;
      const send = (): void => intercepting(tls, 'connect', track, () => stack.send(request, onResponse), tlsFromLocalHost);
      if (settings.tlsHandshake === 'plaintext') {
        // Fault switch tls-plaintext: the package's TLS connect is a plain TCP one.
        const plain = (port: number, host: string, _options: unknown, callback?: () => void): net.Socket => {
          const socket = net.connect({ port, host, localAddress: settings.host }, callback);
          track(socket);
          return socket;
        };
        return void replacing(tls, 'connect', plain, () => intercepting(net, 'connect', track, () => stack.send(request, onResponse), fromLocalHost));
      }
      intercepting(net, 'connect', track, send, fromLocalHost);
    },
    respond(response) {
      if (closed) return;
      stack.send(response);
    },
    onReceive(listener) {
      receivers.add(listener);
      return () => receivers.delete(listener);
    },
    openConnections: () => connections.size,
    close,
  };
}

/**
 * The package retransmits an INVITE over UDP by itself (Timer A); the fault switch that breaks
 * RB-02 stops the copies where they leave: a datagram equal to an INVITE already sent.
 */
function dropRepeatedInvites(socket: dgram.Socket, log: (line: string) => void): void {
  const sent = new Set<string>();
  const send = socket.send.bind(socket) as (...args: unknown[]) => void;
  (socket as unknown as { send: (...args: unknown[]) => void }).send = (msg: unknown, ...rest: unknown[]): void => {
    if (Buffer.isBuffer(msg) && msg.subarray(0, 7).toString('latin1') === 'INVITE ') {
      const text = msg.toString('latin1');
      if (sent.has(text)) return log('!! fault: the INVITE retransmission is not sent');
      sent.add(text);
    }
    send(msg, ...rest);
  };
}

/**
 * The fault switch that breaks RJ-01's via-branch. The package's transaction layer writes the
 * INVITE's branch (z9hG4bK…) and matches the responses by it, so the cookie comes off where the
 * logger sees the message, just before it is printed (every copy, and the package's ACK of a
 * non-2xx, which shares the Via), and goes back on a response's branch before the transaction
 * layer looks it up.
 */
function cookieless(log: (line: string) => void): { sending(m: sip.OutgoingRequest | sip.OutgoingResponse): void; received(m: sip.IncomingRequest | sip.IncomingResponse): void } {
  const COOKIE = 'z9hG4bK';
  const original = new Map<string, string>();
  return {
    sending(m) {
      const via = 'method' in m && m.method === 'INVITE' ? m.headers.via?.[0] : undefined;
      const branch = via?.params.branch;
      if (!via || !branch?.startsWith(COOKIE)) return;
      via.params.branch = branch.slice(COOKIE.length);
      original.set(via.params.branch, branch);
      log('!! fault: the INVITE branch goes out without its magic cookie');
    },
    received(m) {
      const via = 'method' in m && m.method ? undefined : m.headers.via?.[0];
      const branch = via?.params.branch;
      const restored = branch ? original.get(branch) : undefined;
      if (via && restored) via.params.branch = restored;
    },
  };
}
