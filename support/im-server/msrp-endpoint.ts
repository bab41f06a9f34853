import { randomBytes } from 'node:crypto';
import * as net from 'node:net';
import type { Endpoint } from '../sip/recorded-message';
import { listen } from './sip-transport';
import { msrpResponse, MsrpFramer } from './msrp';
import type { TraceRecorder } from './trace-recorder';

/**
 * The IM Server's MSRP end of the session (RFC 4975): a real TCP port that the SDP answer names.
 * As the passive party it accepts the client's connection and answers each request 200 OK
 * (RFC 4975 7.2); as the active party (the client offered `a=setup:passive`) it connects to the
 * client's `a=path` and sends the empty SEND that binds the connection (RFC 4975 5.4, 7.1.1).
 * Every MSRP message is recorded, marked as MSRP, in the scenario's trace.
 */
export class MsrpEndpoint {
  private readonly connections = new Set<net.Socket>();
  private stopped = false;

  private constructor(
    private readonly host: string,
    readonly port: number,
    private readonly server: net.Server,
    private readonly recorder: TraceRecorder,
  ) {
    server.on('connection', (socket) => this.serve(socket));
  }

  static async start(host: string, recorder: TraceRecorder): Promise<MsrpEndpoint> {
    const server = await listen(0, host);
    return new MsrpEndpoint(host, (server.address() as net.AddressInfo).port, server, recorder);
  }

  /** Connects to the client's MSRP URI and binds the session with an empty SEND. */
  connect(peerPath: string, ownPath: string): void {
    if (this.stopped) return;
    // The first URI of the path is the one to connect to (RFC 4975 8.1; a relay may come before the client).
    const target = /^msrps?:\/\/(\[[^\]]+\]|[^:/;]+):(\d+)\//i.exec(peerPath.trim().split(/\s+/)[0] ?? '');
    if (!target) return; // no URI to connect to: RJ-03 judges the offer's a=path
    const host = target[1].replace(/^\[|\]$/g, '');
    const port = Number(target[2]);
    // Only a loopback address (no name to resolve, nothing off the machine), and a real port.
    if (net.isIP(host) === 0 || !/^(127\.|::1$)/.test(host) || port < 1 || port > 65535) return;
    let socket: net.Socket;
    try {
      socket = net.connect({ host, port, localAddress: net.isIPv6(host) === net.isIPv6(this.host) ? this.host : undefined });
    } catch {
      return;
    }
    socket.on('connect', () => {
      const tid = randomBytes(6).toString('hex');
      const send = Buffer.from(
        [`MSRP ${tid} SEND`, `To-Path: ${peerPath.trim()}`, `From-Path: ${ownPath}`, `Message-ID: ${randomBytes(6).toString('hex')}`, 'Byte-Range: 1-0/0', `-------${tid}$`, ''].join('\r\n'),
        'utf8',
      );
      this.recorder.record('to-client', 'tcp', this.own(socket), this.peer(socket), send, { protocol: 'msrp' });
      socket.write(send);
    });
    this.serve(socket);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const socket of this.connections) socket.destroy();
    this.connections.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private serve(socket: net.Socket): void {
    if (this.stopped) {
      socket.destroy();
      return;
    }
    this.connections.add(socket);
    socket.setNoDelay(true);
    const framer = new MsrpFramer();
    socket.on('data', (chunk) => {
      if (this.stopped) return;
      for (const frame of framer.push(chunk)) {
        this.recorder.record('from-client', 'tcp', this.peer(socket), this.own(socket), frame, { protocol: 'msrp' });
        const answer = msrpResponse(frame);
        if (answer && !socket.destroyed) {
          this.recorder.record('to-client', 'tcp', this.own(socket), this.peer(socket), answer, { protocol: 'msrp' });
          socket.write(answer);
        }
      }
    });
    socket.on('end', () => {
      const rest = framer.end();
      if (rest && !this.stopped) this.recorder.record('from-client', 'tcp', this.peer(socket), this.own(socket), rest, { protocol: 'msrp' });
      socket.end();
    });
    socket.on('error', () => socket.destroy());
    socket.once('close', () => this.connections.delete(socket));
  }

  private peer(socket: net.Socket): Endpoint {
    return { host: socket.remoteAddress ?? '?', port: socket.remotePort ?? 0 };
  }

  private own(socket: net.Socket): Endpoint {
    return { host: this.host, port: socket.localPort ?? 0 };
  }
}
