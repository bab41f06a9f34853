import * as dgram from 'node:dgram';
import * as net from 'node:net';
import type { Duplex } from 'node:stream';
import type { Endpoint, RecordedMessage, TlsConnectionInfo, Transport } from '../sip/recorded-message';
import { StreamFramer } from '../sip/stream-framer';
import { TlsHandshakes, type PendingHandshake, type TestBedTls } from '../tls/tls-socket';
import type { TraceRecorder } from './trace-recorder';

/**
 * Sends bytes back to where a message came from (the datagram's source, or the connection);
 * false when they cannot go (the connection is gone).
 */
export type Reply = (bytes: Buffer) => boolean | void;

/** What the layers above get for each message from the client: recorded, with a way to answer. */
export type Receiver = (message: RecordedMessage, reply: Reply) => void;

/**
 * The transport layer of the test bed's SIP side: one port for UDP and TCP (RFC 3261 18), on a
 * loopback address, and with TLS material a port of its own for SIP over TLS (RFC 3261 26.2.1;
 * 5061 by convention, here a free one). Every message in and out goes through the recorder as
 * bytes (over TLS, the plaintext; the TLS records go to the recorder's wire). Over TCP and TLS
 * the framer cuts the stream by Content-Length and resyncs at the next start line after stray bytes.
 */
export class SipTransport {
  private readonly connections = new Set<net.Socket>();
  /** TLS connections whose handshake may still be under way. */
  private readonly handshakes: TlsHandshakes;
  /** Per connection: hands over what its framer still holds, so nothing received is lost at stop. */
  private readonly flushes = new Set<() => void>();
  private stopped = false;

  private constructor(
    readonly host: string,
    readonly port: number,
    private readonly udp: dgram.Socket,
    private readonly tcp: net.Server,
    private readonly recorder: TraceRecorder,
    private readonly receive: Receiver,
    private readonly secure?: { server: net.Server; port: number; tls: TestBedTls },
  ) {
    this.handshakes = new TlsHandshakes(recorder);
    udp.on('message', (bytes, rinfo) => {
      const peer = { host: rinfo.address, port: rinfo.port };
      // A keep-alive is evidence, not a SIP message: clients send them before and between requests.
      if (isKeepAlive(bytes)) this.recorder.record('from-client', 'udp', peer, this.local, bytes, { protocol: 'keep-alive' });
      else this.received(bytes, 'udp', peer, undefined, (out) => udp.send(out, rinfo.port, rinfo.address));
    });
    udp.on('error', () => undefined);
    tcp.on('connection', (socket) => this.accept(socket));
    tcp.on('error', () => undefined);
    secure?.server.on('connection', (socket) => this.acceptTls(socket, secure.tls));
    secure?.server.on('error', () => undefined);
  }

  /**
   * Binds UDP and TCP on the same port: `port`, or a free pair the system offers; with `tls`,
   * SIP over TLS on a port of its own: `tlsPort`, or a free one.
   */
  static async start(host: string, port: number | undefined, recorder: TraceRecorder, receive: Receiver, tls?: TestBedTls, tlsPort?: number): Promise<SipTransport> {
    const attempts = port === undefined ? 20 : 1;
    let lastError: Error | undefined;
    for (let i = 0; i < attempts; i++) {
      const udp = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
      try {
        await new Promise<void>((resolve, reject) => {
          udp.once('error', reject);
          udp.bind(port ?? 0, host, () => {
            udp.off('error', reject);
            resolve();
          });
        });
      } catch (e) {
        udp.close();
        throw e;
      }
      const bound = udp.address().port;
      let tcp: net.Server;
      try {
        tcp = await listen(bound, host);
      } catch (e) {
        // The UDP port's TCP twin is taken: try another pair.
        lastError = e as Error;
        udp.close();
        continue;
      }
      if (!tls) return new SipTransport(host, bound, udp, tcp, recorder, receive);
      let server: net.Server;
      try {
        server = await listen(tlsPort ?? 0, host);
      } catch (e) {
        udp.close();
        tcp.close();
        throw e;
      }
      return new SipTransport(host, bound, udp, tcp, recorder, receive, { server, port: (server.address() as net.AddressInfo).port, tls });
    }
    throw new Error(`the test bed found no port free for UDP and TCP on ${host}: ${lastError?.message}`);
  }

  get local(): Endpoint {
    return { host: this.host, port: this.port };
  }

  /** The SIP over TLS port, when the test bed has TLS material. */
  get tlsPort(): number | undefined {
    return this.secure?.port;
  }

  /** The client's TLS connections whose handshake is still under way: what each has sent, since when. */
  pendingHandshakes(): PendingHandshake[] {
    return this.handshakes.pending();
  }

  /** Where a message over `transport` arrives: the TLS port for TLS. */
  localFor(transport: Transport): Endpoint {
    return transport === 'tls' && this.secure ? { host: this.host, port: this.secure.port } : this.local;
  }

  /**
   * The scenario is over: every TLS handshake still under way is recorded as unfinished now,
   * before the client is released, so its closing the connection is not taken for its failure.
   */
  endHandshakes(): void {
    this.handshakes.end();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    for (const flush of this.flushes) flush();
    this.flushes.clear();
    this.endHandshakes();
    this.stopped = true;
    for (const socket of this.connections) socket.destroy();
    this.connections.clear();
    await Promise.all([
      new Promise<void>((resolve) => this.udp.close(() => resolve())),
      new Promise<void>((resolve) => this.tcp.close(() => resolve())),
      ...(this.secure ? [new Promise<void>((resolve) => this.secure!.server.close(() => resolve()))] : []),
    ]);
  }

  private accept(socket: net.Socket): void {
    if (!this.admit(socket)) return;
    this.serveStream(socket, 'tcp', peerOf(socket), this.local);
  }

  /** SIP over TLS: the handshake first; a failed one is recorded (reason, bytes) and never judged as SIP. */
  private acceptTls(raw: net.Socket, tls: TestBedTls): void {
    if (!this.admit(raw)) return;
    const peer = peerOf(raw);
    const local = this.localFor('tls');
    this.handshakes.start('server', raw, tls, { local, peer }, (socket, info) => {
      if (!this.stopped) this.serveStream(socket, 'tls', peer, local, info);
    });
  }

  private admit(socket: net.Socket): boolean {
    if (this.stopped) {
      socket.destroy();
      return false;
    }
    this.connections.add(socket);
    // Without this a TCP dialog waits on Nagle's algorithm (tens of ms per message).
    socket.setNoDelay(true);
    socket.once('close', () => this.connections.delete(socket));
    return true;
  }

  /** A SIP stream (TCP, or TLS's plaintext): framed by Content-Length, each message recorded and handed up. */
  private serveStream(socket: Duplex, transport: 'tcp' | 'tls', peer: Endpoint, local: Endpoint, tls?: TlsConnectionInfo): void {
    const framer = new StreamFramer();
    let last: RecordedMessage | undefined;
    const reply: Reply = (out) => {
      if (socket.destroyed || !socket.writable) return false;
      socket.write(out);
      return true;
    };
    const frames = (list: ReturnType<StreamFramer['push']>): void => {
      for (const frame of list) {
        if (this.stopped) return;
        if (frame.stray) {
          // Bytes a wrong Content-Length left over: evidence on the message before them.
          if (last) this.recorder.addStray(last, frame.bytes);
          else last = this.recorder.record('from-client', transport, peer, local, frame.bytes, { frameError: 'bytes that do not begin a SIP message (no start line)', tls });
          continue;
        }
        last = this.received(frame.bytes, transport, peer, frame.error, reply, local, tls);
      }
    };
    const flush = (): void => frames(framer.end());
    this.flushes.add(flush);
    socket.on('data', (chunk) => frames(framer.push(chunk)));
    socket.on('end', () => {
      this.flushes.delete(flush);
      flush();
      socket.end();
    });
    socket.on('error', () => socket.destroy());
    socket.once('close', () => this.flushes.delete(flush));
  }

  private received(
    bytes: Buffer,
    transport: Transport,
    peer: Endpoint,
    frameError: string | undefined,
    reply: Reply,
    local: Endpoint = this.local,
    tls?: TlsConnectionInfo,
  ): RecordedMessage | undefined {
    if (this.stopped) return undefined;
    const message = this.recorder.record('from-client', transport, peer, local, bytes, { frameError, tls });
    const send: Reply = (out) => {
      if (this.stopped) return;
      // Recorded only if it can still be written: a reset connection takes nothing more.
      if (reply(out) === false) return;
      this.recorder.record('to-client', transport, local, peer, out, { tls });
    };
    this.receive(message, send);
    return message;
  }
}

/** The client's end of an accepted or dialled TCP connection. */
export function peerOf(socket: net.Socket): Endpoint {
  return { host: socket.remoteAddress ?? '?', port: socket.remotePort ?? 0 };
}

export function listen(port: number, host: string): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

/** CR/LF only (RFC 5626 3.5.1), or a STUN message: first two bits 0, magic cookie 0x2112A442 (RFC 5389 6). */
export function isKeepAlive(bytes: Buffer): boolean {
  if (bytes.length > 0 && bytes.every((b) => b === 0x0d || b === 0x0a)) return true;
  return bytes.length >= 20 && (bytes[0] & 0xc0) === 0 && bytes.readUInt32BE(4) === 0x2112a442;
}
