import { randomBytes } from 'node:crypto';
import * as net from 'node:net';
import type { Duplex } from 'node:stream';
import { isLoopbackAddress } from '../net/loopback';
import { unbracketed } from '../sip/sip-uri';
import type { Endpoint, TlsConnectionInfo } from '../sip/recorded-message';
import { TlsHandshakes, type TestBedTls } from '../tls/tls-socket';
import { listen, peerOf } from './sip-transport';
import { msrpResponse, MsrpFramer } from './msrp';
import type { TraceRecorder } from './trace-recorder';

/** How one MSRP connection is recorded: its transport, both ends, and over TLS the connection's info. */
interface Carriage {
  transport: 'tcp' | 'tls';
  local: Endpoint;
  peer: Endpoint;
  tls?: TlsConnectionInfo;
}

/**
 * The IM Server's MSRP end of the session (RFC 4975): a real TCP port that the SDP answer names,
 * and with the test bed's TLS a second port for MSRP over TLS (RFC 4975 14.1, `TCP/TLS/MSRP`,
 * `msrps:`). As the passive party it accepts the client's connection and answers each request
 * 200 OK (RFC 4975 7.2); as the active party (the client offered `a=setup:passive`) it connects
 * to the client's `a=path`, over TLS when that path is msrps:, and sends the empty SEND that
 * binds the connection (RFC 4975 5.4, 7.1.1). Every MSRP message is recorded, marked as MSRP,
 * in the scenario's trace; a TLS handshake that fails is recorded as such, with its reason and
 * the bytes the client sent, and never judged as MSRP.
 */
export class MsrpEndpoint {
  private readonly connections = new Set<Duplex>();
  private readonly handshakes: TlsHandshakes;
  private stopped = false;

  private constructor(
    private readonly host: string,
    readonly port: number,
    private readonly server: net.Server,
    private readonly recorder: TraceRecorder,
    private readonly secure?: { server: net.Server; port: number; tls: TestBedTls },
  ) {
    this.handshakes = new TlsHandshakes(recorder);
    server.on('connection', (socket) => {
      if (this.admit(socket)) this.serve(socket, { transport: 'tcp', local: this.localOf(socket), peer: peerOf(socket) });
    });
    server.on('error', () => undefined);
    secure?.server.on('connection', (socket) => this.acceptTls(socket, secure.tls));
    secure?.server.on('error', () => undefined);
  }

  /** Listens for MSRP over TCP on `host` (IPv4 or IPv6), and with `tls` for MSRP over TLS on a port of its own. */
  static async start(host: string, recorder: TraceRecorder, tls?: TestBedTls): Promise<MsrpEndpoint> {
    const server = await listen(0, host);
    const port = (server.address() as net.AddressInfo).port;
    if (!tls) return new MsrpEndpoint(host, port, server, recorder);
    let secure: net.Server;
    try {
      secure = await listen(0, host);
    } catch (e) {
      server.close();
      throw e;
    }
    return new MsrpEndpoint(host, port, server, recorder, { server: secure, port: (secure.address() as net.AddressInfo).port, tls });
  }

  /** The port of MSRP over TLS, when the endpoint has the test bed's TLS. */
  get tlsPort(): number | undefined {
    return this.secure?.port;
  }

  /** The a=fingerprint values of its TLS certificates, for the SDP answer (RFC 4975 14.2). */
  get tlsFingerprints(): string[] {
    return this.secure?.tls.fingerprints ?? [];
  }

  /**
   * Connects to the client's MSRP URI (over TLS for msrps:) and binds the session with an empty
   * SEND. An msrps: path without the test bed's TLS, a host name or a port out of range is not dialled.
   */
  connect(peerPath: string, ownPath: string): void {
    if (this.stopped) return;
    // The first URI of the path is the one to connect to (RFC 4975 8.1; a relay may come before the client).
    const target = /^(msrps?):\/\/(\[[^\]]+\]|[^:/;[\]]+):(\d+)\//i.exec(peerPath.trim().split(/\s+/)[0] ?? '');
    if (!target) return; // no URI to connect to: RJ-03 judges the offer's a=path
    const overTls = target[1].toLowerCase() === 'msrps';
    const host = unbracketed(target[2]);
    const port = Number(target[3]);
    // Only a loopback address (no name to resolve, nothing off the machine), and a real port.
    if (!isLoopbackAddress(host) || port < 1 || port > 65535) return;
    const tls = this.secure?.tls;
    if (overTls && !tls) return; // nothing here speaks TLS; the answer refused TCP/TLS/MSRP anyway
    let raw: net.Socket;
    try {
      raw = net.connect({ host, port, localAddress: net.isIPv6(host) === net.isIPv6(this.host) ? this.host : undefined });
    } catch {
      return;
    }
    if (!this.admit(raw)) return;
    const bind = (socket: Duplex, carriage: Carriage): void => {
      const tid = randomBytes(6).toString('hex');
      const send = Buffer.from(
        [`MSRP ${tid} SEND`, `To-Path: ${peerPath.trim()}`, `From-Path: ${ownPath}`, `Message-ID: ${randomBytes(6).toString('hex')}`, 'Byte-Range: 1-0/0', `-------${tid}$`, ''].join('\r\n'),
        'utf8',
      );
      this.recorder.record('to-client', carriage.transport, carriage.local, carriage.peer, send, { protocol: 'msrp', ...(carriage.tls ? { tls: carriage.tls } : {}) });
      socket.write(send);
    };
    raw.once('connect', () => {
      if (this.stopped) return;
      const sides = { local: this.localOf(raw), peer: peerOf(raw) };
      if (!overTls || !tls) {
        const carriage: Carriage = { transport: 'tcp', ...sides };
        this.serve(raw, carriage);
        bind(raw, carriage);
        return;
      }
      // RFC 4975 14.1: msrps: is MSRP over TLS; the test bed is the TLS client here (RFC 4572 6.2: the active party).
      this.handshake(raw, sides, (socket, carriage) => {
        this.serve(socket, carriage);
        bind(socket, carriage);
      }, 'client', tls);
    });
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
    this.endHandshakes();
    this.stopped = true;
    for (const socket of this.connections) socket.destroy();
    this.connections.clear();
    await Promise.all([
      new Promise<void>((resolve) => this.server.close(() => resolve())),
      ...(this.secure ? [new Promise<void>((resolve) => this.secure!.server.close(() => resolve()))] : []),
    ]);
  }

  /** MSRP over TLS: the handshake first; a failed one is recorded (reason, bytes), never as MSRP. */
  private acceptTls(raw: net.Socket, tls: TestBedTls): void {
    if (!this.admit(raw)) return;
    this.handshake(raw, { local: this.localOf(raw), peer: peerOf(raw) }, (socket, carriage) => this.serve(socket, carriage), 'server', tls);
  }

  private handshake(raw: net.Socket, sides: { local: Endpoint; peer: Endpoint }, secured: (socket: Duplex, carriage: Carriage) => void, side: 'server' | 'client', tls: TestBedTls): void {
    // A TLSSocket over a Duplex has no addresses of its own: the raw socket's are the connection's.
    this.handshakes.start(side, raw, tls, sides, (socket, info) => {
      if (this.stopped) {
        socket.destroy();
        return;
      }
      this.connections.add(socket);
      socket.once('close', () => this.connections.delete(socket));
      secured(socket, { transport: 'tls', ...sides, tls: info });
    });
  }

  private admit(socket: net.Socket): boolean {
    if (this.stopped) {
      socket.destroy();
      return false;
    }
    this.connections.add(socket);
    socket.setNoDelay(true);
    socket.on('error', () => socket.destroy());
    socket.once('close', () => this.connections.delete(socket));
    return true;
  }

  /** An MSRP stream (TCP, or TLS's plaintext): framed at end-lines, each message recorded, each request answered 200. */
  private serve(socket: Duplex, carriage: Carriage): void {
    const { transport, local, peer } = carriage;
    const options = { protocol: 'msrp' as const, ...(carriage.tls ? { tls: carriage.tls } : {}) };
    const framer = new MsrpFramer();
    socket.on('data', (chunk: Buffer) => {
      if (this.stopped) return;
      for (const frame of framer.push(chunk)) {
        this.recorder.record('from-client', transport, peer, local, frame, options);
        const answer = msrpResponse(frame);
        if (answer && !socket.destroyed) {
          this.recorder.record('to-client', transport, local, peer, answer, options);
          socket.write(answer);
        }
      }
    });
    socket.on('end', () => {
      const rest = framer.end();
      if (rest && !this.stopped) this.recorder.record('from-client', transport, peer, local, rest, options);
      socket.end();
    });
    socket.on('error', () => socket.destroy());
  }

  private localOf(socket: net.Socket): Endpoint {
    return { host: this.host, port: socket.localPort ?? 0 };
  }
}
