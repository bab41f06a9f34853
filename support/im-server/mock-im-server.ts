import * as dgram from 'node:dgram';
import * as net from 'node:net';
import type { Endpoint, RecordedMessage, Transport } from '../sip/recorded-message';
import { findHeaders, headerValue, parseSipMessage, SipParseError } from '../sip/sip-parser';
import type { SipMessage } from '../sip/sip-message';
import { StreamFramer } from '../sip/stream-framer';
import { DEFAULT_INVITE_SCRIPT, type InviteScript } from './invite-script';
import { msrpResponse, MsrpFramer } from './msrp';
import { buildNotify, buildResponse, msrpAnswer, newTag } from './responses';

export type { InviteScript } from './invite-script';

export interface MockImServerOptions {
  /** Loopback address to listen on, UDP and TCP alike. */
  host: string;
  /** Port for both transports; the system picks a free one when absent. */
  port?: number;
  /** RFC 3261 T1 and T2 for the 2xx retransmissions over UDP (500 ms and 4 s by default). */
  t1Ms?: number;
  t2Ms?: number;
  /** A counter shared with another server of the same scenario, so trace numbers stay unique. */
  sequence?: { next: number };
}

type Reply = (bytes: Buffer) => void;

/** One INVITE server transaction, keyed by Call-ID and CSeq number (what the ACK of a 2xx shares). */
interface InviteTransaction {
  toTag: string;
  last?: Buffer;
  reply: Reply;
  transport: Transport;
  peer: Endpoint;
  acked: boolean;
  /** The script says the first ACK is lost; set once it has been ignored. */
  dropFirstAck: boolean;
  retransmit?: NodeJS.Timeout;
}

interface Waiter {
  predicate: (m: RecordedMessage) => boolean;
  resolve: (m: RecordedMessage | undefined) => void;
  timer: NodeJS.Timeout;
}

/**
 * The suite's scripted IM Server, which is also the SIP/IP Core entry point the client uses as its
 * outbound proxy. It listens on one port for UDP and TCP, records every message at the socket as
 * raw bytes before parsing, and answers as the scenario's script says: 100 Trying, then the final
 * response, a 2xx retransmitted over UDP until the ACK comes (RFC 3261 13.3.1.4).
 *
 * It is written on plain sockets, not on the `sip` package, because that package drops what it
 * cannot parse, merges repeated headers, and neither sends 100 Trying nor retransmits a 2xx.
 */
export class MockImServer {
  readonly trace: RecordedMessage[] = [];
  private plan: InviteScript = { ...DEFAULT_INVITE_SCRIPT };
  private readonly waiters = new Set<Waiter>();
  private readonly invites = new Map<string, InviteTransaction>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly connections = new Set<net.Socket>();
  private stopped = false;
  private readonly t1: number;
  private readonly t2: number;
  private readonly sequence: { next: number };
  private initialInvites = 0;
  /** Whether the script's lost first INVITE (loseFirstInvite) has come and been dropped. */
  private firstInviteLost = false;
  private readonly msrpListenPort: number;

  private constructor(
    readonly host: string,
    readonly port: number,
    private readonly udp: dgram.Socket,
    private readonly tcp: net.Server,
    private readonly msrp: net.Server,
    options: MockImServerOptions,
  ) {
    // Kept: a closed server no longer knows its address, and the evidence names it after the stop.
    this.msrpListenPort = (msrp.address() as net.AddressInfo).port;
    this.t1 = options.t1Ms ?? 500;
    this.t2 = options.t2Ms ?? 4000;
    this.sequence = options.sequence ?? { next: 1 };
    udp.on('message', (bytes, rinfo) => {
      const peer = { host: rinfo.address, port: rinfo.port };
      this.received(bytes, 'udp', peer, undefined, (out) => udp.send(out, rinfo.port, rinfo.address));
    });
    udp.on('error', () => undefined);
    tcp.on('connection', (socket) => this.accept(socket));
    tcp.on('error', () => undefined);
    msrp.on('connection', (socket) => this.acceptMsrp(socket));
  }

  static async start(options: MockImServerOptions): Promise<MockImServer> {
    const attempts = options.port === undefined ? 20 : 1;
    let lastError: Error | undefined;
    for (let i = 0; i < attempts; i++) {
      const udp = dgram.createSocket(options.host.includes(':') ? 'udp6' : 'udp4');
      try {
        await new Promise<void>((resolve, reject) => {
          udp.once('error', reject);
          udp.bind(options.port ?? 0, options.host, () => {
            udp.off('error', reject);
            resolve();
          });
        });
      } catch (e) {
        udp.close();
        throw e;
      }
      const port = udp.address().port;
      try {
        const tcp = await listen(port, options.host);
        const msrp = await listen(0, options.host);
        return new MockImServer(options.host, port, udp, tcp, msrp, options);
      } catch (e) {
        // The UDP port's TCP twin is taken: try another pair.
        lastError = e as Error;
        udp.close();
      }
    }
    throw new Error(`the mock IM Server found no port free for UDP and TCP on ${options.host}: ${lastError?.message}`);
  }

  /** Sets what the server answers to the next INVITEs; unset fields keep their defaults. */
  script(changes: Partial<InviteScript>): void {
    this.plan = { ...DEFAULT_INVITE_SCRIPT, ...this.plan, ...stripUndefined(changes) };
  }

  get currentScript(): Readonly<InviteScript> {
    return this.plan;
  }

  /** The TCP port of the MSRP endpoint the SDP answer names. */
  get msrpPort(): number {
    return this.msrpListenPort;
  }

  /** Messages from the client that did not parse. */
  get unparsable(): RecordedMessage[] {
    return this.trace.filter((m) => m.direction === 'from-client' && m.parseError !== undefined);
  }

  /**
   * The first recorded message (already seen or still to come) that matches, or undefined after
   * `timeoutMs` or when the server stops. Never rejects.
   */
  waitFor(predicate: (m: RecordedMessage) => boolean, timeoutMs: number): Promise<RecordedMessage | undefined> {
    const seen = this.trace.find(predicate);
    if (seen || this.stopped) return Promise.resolve(seen);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        predicate,
        resolve,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          resolve(undefined);
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  /** The first request with this method from the client, as `waitFor`. */
  waitForRequest(method: string, timeoutMs: number, after = 0): Promise<RecordedMessage | undefined> {
    return this.waitFor((m) => m.direction === 'from-client' && m.seq > after && m.sip?.method === method, timeoutMs);
  }

  /** Closes every socket and cancels every timer; waiters get undefined. Idempotent. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const tx of this.invites.values()) clearTimeout(tx.retransmit);
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.resolve(undefined);
    }
    this.waiters.clear();
    for (const socket of this.connections) socket.destroy();
    this.connections.clear();
    await Promise.all([
      new Promise<void>((resolve) => this.udp.close(() => resolve())),
      new Promise<void>((resolve) => this.tcp.close(() => resolve())),
      new Promise<void>((resolve) => this.msrp.close(() => resolve())),
    ]);
  }

  private accept(socket: net.Socket): void {
    if (this.stopped) {
      socket.destroy();
      return;
    }
    this.connections.add(socket);
    // Without this a TCP dialog waits on Nagle's algorithm (tens of ms per message).
    socket.setNoDelay(true);
    const peer = { host: socket.remoteAddress ?? '?', port: socket.remotePort ?? 0 };
    const framer = new StreamFramer();
    const reply: Reply = (out) => {
      if (!socket.destroyed) socket.write(out);
    };
    socket.on('data', (chunk) => {
      for (const frame of framer.push(chunk)) this.received(frame.bytes, 'tcp', peer, frame.error, reply);
    });
    socket.on('end', () => {
      for (const frame of framer.end()) this.received(frame.bytes, 'tcp', peer, frame.error, reply);
      socket.end();
    });
    socket.on('error', () => socket.destroy());
    socket.once('close', () => this.connections.delete(socket));
  }

  /**
   * The MSRP port of the SDP answer is real: the client's SEND is recorded and answered 200 OK
   * (RFC 4975 section 7.2), so the rejoined session is usable end to end.
   */
  private acceptMsrp(socket: net.Socket): void {
    this.connections.add(socket);
    socket.setNoDelay(true);
    const peer = { host: socket.remoteAddress ?? '?', port: socket.remotePort ?? 0 };
    const local = { host: this.host, port: socket.localPort ?? 0 };
    const framer = new MsrpFramer();
    socket.on('data', (chunk) => {
      if (this.stopped) return;
      for (const frame of framer.push(chunk)) {
        this.record('from-client', 'tcp', peer, local, frame, undefined, 'msrp');
        const answer = msrpResponse(frame);
        if (answer && !socket.destroyed) {
          this.record('to-client', 'tcp', local, peer, answer, undefined, 'msrp');
          socket.write(answer);
        }
      }
    });
    socket.on('end', () => {
      const rest = framer.end();
      if (rest && !this.stopped) this.record('from-client', 'tcp', peer, local, rest, undefined, 'msrp');
      socket.end();
    });
    socket.on('error', () => socket.destroy());
    socket.once('close', () => this.connections.delete(socket));
  }

  private record(
    direction: RecordedMessage['direction'],
    transport: Transport,
    source: Endpoint,
    destination: Endpoint,
    bytes: Buffer,
    frameError?: string,
    protocol?: 'msrp',
  ): RecordedMessage {
    const message: RecordedMessage = { seq: this.sequence.next++, at: Date.now(), direction, transport, source, destination, bytes: Buffer.from(bytes) };
    if (protocol) message.protocol = protocol;
    else if (frameError !== undefined) message.parseError = frameError;
    else {
      try {
        message.sip = parseSipMessage(bytes);
      } catch (e) {
        if (!(e instanceof SipParseError)) throw e;
        message.parseError = e.lineNumber !== undefined ? `line ${e.lineNumber}: ${e.message}` : e.message;
      }
    }
    this.trace.push(message);
    for (const waiter of this.waiters) {
      if (waiter.predicate(message)) {
        clearTimeout(waiter.timer);
        this.waiters.delete(waiter);
        waiter.resolve(message);
      }
    }
    return message;
  }

  private received(bytes: Buffer, transport: Transport, peer: Endpoint, frameError: string | undefined, reply: Reply): void {
    if (this.stopped) return;
    const message = this.record('from-client', transport, peer, this.local(), bytes, frameError);
    if (message.sip?.kind !== 'request') return;
    const send: Reply = (out) => {
      if (this.stopped) return;
      this.record('to-client', transport, this.local(), peer, out);
      reply(out);
    };
    this.handleRequest(message.sip, transport, peer, send);
  }

  private local(): Endpoint {
    return { host: this.host, port: this.port };
  }

  private handleRequest(request: SipMessage, transport: Transport, peer: Endpoint, send: Reply): void {
    const callId = headerValue(request, 'Call-ID');
    const cseq = /^(\d+)\s+(\S+)$/.exec(headerValue(request, 'CSeq') ?? '');
    // Without these no response can be matched to the request: the checks judge it as it is.
    if (!callId || !cseq || findHeaders(request, 'Via').length === 0) return;
    const key = `${callId} ${cseq[1]}`;

    switch (request.method) {
      case 'INVITE':
        return this.handleInvite(request, key, transport, peer, send);
      case 'ACK': {
        const tx = this.invites.get(key);
        if (tx && tx.dropFirstAck) {
          tx.dropFirstAck = false; // "lost": the 2xx keeps coming until the next ACK
          return;
        }
        if (tx) {
          tx.acked = true;
          clearTimeout(tx.retransmit);
        }
        return;
      }
      case 'SUBSCRIBE':
        return this.handleSubscribe(request, transport, send);
      default:
        // BYE, SUBSCRIBE, UPDATE, ...: accepted; the checks judge what the client sent.
        return send(buildResponse(request, { status: 200, toTag: this.invites.get(`${callId} dialog`)?.toTag ?? newTag(), headers: extraFor(request) }));
    }
  }

  private handleInvite(request: SipMessage, key: string, transport: Transport, peer: Endpoint, send: Reply): void {
    if (this.plan.loseFirstInvite && !this.firstInviteLost) {
      // "Lost on the way": recorded (it did cross the wire to here), then ignored as if it never
      // came, so only the client's retransmission starts the transaction.
      this.firstInviteLost = true;
      return;
    }
    const existing = this.invites.get(key);
    if (existing) {
      // A retransmitted INVITE gets the last response again (RFC 3261 17.2.1).
      if (existing.last) send(existing.last);
      return;
    }
    // An INVITE with a To tag is a re-INVITE of a dialog; only initial ones count for laterInvites.
    const initial = !/;\s*tag=/i.test(headerValue(request, 'To') ?? '');
    if (initial) this.initialInvites++;
    const script: InviteScript =
      initial && this.initialInvites > 1 && this.plan.laterInvites ? { ...this.plan, ...stripUndefined(this.plan.laterInvites) } : this.plan;
    const tx: InviteTransaction = { toTag: newTag(), reply: send, transport, peer, acked: false, dropFirstAck: script.dropFirstAck };
    this.invites.set(key, tx);
    this.invites.set(`${headerValue(request, 'Call-ID')} dialog`, tx);
    if (script.silent) return;

    tx.last = buildResponse(request, { status: 100 });
    send(tx.last);
    this.later(script.delayMs, () => {
      tx.last = this.finalResponse(request, script, tx.toTag);
      send(tx.last);
      if (transport === 'udp') this.retransmitUntilAck(tx, this.t1, Date.now());
    });
  }

  private finalResponse(request: SipMessage, script: InviteScript, toTag: string): Buffer {
    if (script.status >= 300 && script.status < 400) {
      // A redirect names where to go instead (RFC 3261 21.3).
      const headers = script.contactUri ? [`Contact: <${script.contactUri}>`] : [];
      return buildResponse(request, { status: script.status, reason: script.reason, toTag, headers });
    }
    if (script.status < 200 || script.status >= 300) {
      return buildResponse(request, { status: script.status, reason: script.reason, toTag });
    }
    const headers: string[] = [];
    const contact = script.contactUri ?? request.requestUri ?? '';
    headers.push(`Contact: <${contact}>${script.isfocus ? ';isfocus' : ''}`);
    if (script.allow) {
      if (script.allowSplit) headers.push(...script.allow.map((m) => `Allow: ${m}`));
      else headers.push(`Allow: ${script.allow.join(', ')}`);
    }
    const answer = request.body.length > 0 ? msrpAnswer(this.host, this.msrpListenPort, newTag()) : undefined;
    return buildResponse(request, {
      status: script.status,
      reason: script.reason,
      toTag,
      headers,
      contentType: answer ? 'application/sdp' : undefined,
      body: answer,
    });
  }

  /**
   * A conference subscription is accepted, and the NOTIFY RFC 6665 4.2.1.2 requires goes after
   * the 200 OK or, if the script says so, before it (an order RFC 6665 allows).
   */
  private handleSubscribe(request: SipMessage, transport: Transport, send: Reply): void {
    const toTag = newTag();
    const expires = headerValue(request, 'Expires') ?? '600';
    const focus = request.requestUri ?? '';
    const ok = buildResponse(request, { status: 200, toTag, headers: [`Expires: ${expires}`, `Contact: <${focus}>;isfocus`] });
    const notify = (): void =>
      send(buildNotify(request, { host: this.host, port: this.port, transport, toTag, focusUri: focus, terminated: expires === '0' }));
    if (this.plan.notify === 'before-200') {
      notify();
      send(ok);
    } else {
      send(ok);
      if (this.plan.notify === 'after-200') notify();
    }
  }

  /** Final responses over UDP go again at T1, 2·T1, ... capped at T2, until the ACK or 64·T1. */
  private retransmitUntilAck(tx: InviteTransaction, interval: number, started: number): void {
    tx.retransmit = this.later(interval, () => {
      if (tx.acked || !tx.last) return;
      if (Date.now() - started >= 64 * this.t1) return;
      tx.reply(tx.last);
      this.retransmitUntilAck(tx, Math.min(interval * 2, this.t2), started);
    });
  }

  private later(ms: number, action: () => void): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.stopped) action();
    }, ms);
    this.timers.add(timer);
    return timer;
  }
}

function listen(port: number, host: string): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

/** Headers a 200 to a non-INVITE request needs: a SUBSCRIBE's Expires (RFC 6665 4.2.1.1). */
function extraFor(request: SipMessage): string[] {
  if (request.method === 'SUBSCRIBE') return [`Expires: ${headerValue(request, 'Expires') ?? '600'}`];
  return [];
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
