import * as dgram from 'node:dgram';
import * as net from 'node:net';
import { parse, ParseError, StreamCutter, type Message } from './sip';

/** Where a message came from, so its answer goes back the same way (RFC 3261 18.2.2). */
export type Link = { transport: 'udp'; host: string; port: number } | { transport: 'tcp'; socket: net.Socket; host: string; port: number };

export interface Destination {
  transport: 'udp' | 'tcp';
  host: string;
  port: number;
}

export type Log = (line: string) => void;

/**
 * The client's SIP sockets on node:dgram and node:net: one UDP socket and one TCP listener on
 * IM_LOCAL_HOST:IM_LOCAL_PORT, and the TCP connections it opens (from IM_LOCAL_HOST, one per
 * next hop, reused) or accepts. Every datagram is one message; a TCP stream is cut by
 * Content-Length. What does not parse is logged and dropped.
 */
export class SipTransport {
  private udp?: dgram.Socket;
  private tcp?: net.Server;
  private readonly connections = new Map<string, Promise<net.Socket>>();
  private readonly sockets = new Set<net.Socket>();
  private stopped = false;

  constructor(
    readonly host: string,
    readonly port: number,
    private readonly onMessage: (m: Message, link: Link) => void,
    private readonly log: Log,
  ) {}

  async start(): Promise<void> {
    const udp = dgram.createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(this.port, this.host, () => {
        udp.off('error', reject);
        resolve();
      });
    });
    udp.on('error', (e) => this.log(`udp socket error: ${e.message}`));
    udp.on('message', (bytes, rinfo) => this.received(bytes, { transport: 'udp', host: rinfo.address, port: rinfo.port }));
    this.udp = udp;
    const tcp = net.createServer((socket) => this.adopt(socket));
    try {
      await new Promise<void>((resolve, reject) => {
        tcp.once('error', reject);
        tcp.listen(this.port, this.host, () => {
          tcp.off('error', reject);
          resolve();
        });
      });
    } catch (e) {
      udp.close();
      throw e;
    }
    tcp.on('error', (e) => this.log(`tcp listener error: ${e.message}`));
    this.tcp = tcp;
  }

  /** Sends a request or response towards a destination; rejects when a TCP connection cannot be made. */
  async send(bytes: Buffer, to: Destination): Promise<void> {
    if (this.stopped) return;
    this.log(`>>> ${to.transport.toUpperCase()} to ${to.host}:${to.port}\n${bytes.toString('utf8')}`);
    if (to.transport === 'udp') {
      await new Promise<void>((resolve) => {
        if (!this.udp) return resolve();
        this.udp.send(bytes, to.port, to.host, (e) => {
          if (e) this.log(`udp send: ${e.message}`);
          resolve();
        });
      });
      return;
    }
    const socket = await this.connection(to.host, to.port);
    socket.write(bytes);
  }

  /** Answers on the link the request came by. */
  reply(bytes: Buffer, link: Link): void {
    if (this.stopped) return;
    this.log(`>>> ${link.transport.toUpperCase()} to ${link.host}:${link.port} (reply)\n${bytes.toString('utf8')}`);
    if (link.transport === 'udp') this.udp?.send(bytes, link.port, link.host);
    else if (!link.socket.destroyed) link.socket.write(bytes);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    await Promise.all([
      new Promise<void>((resolve) => (this.udp ? this.udp.close(() => resolve()) : resolve())),
      new Promise<void>((resolve) => (this.tcp ? this.tcp.close(() => resolve()) : resolve())),
    ]);
  }

  private connection(host: string, port: number): Promise<net.Socket> {
    const key = `${host}:${port}`;
    const known = this.connections.get(key);
    if (known) return known;
    const opening = new Promise<net.Socket>((resolve, reject) => {
      const socket = net.connect({ host, port, localAddress: this.host });
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(socket);
      });
      socket.once('error', reject);
      this.adopt(socket, key);
    });
    opening.catch(() => this.connections.delete(key));
    this.connections.set(key, opening);
    return opening;
  }

  private adopt(socket: net.Socket, key?: string): void {
    if (this.stopped) {
      socket.destroy();
      return;
    }
    this.sockets.add(socket);
    socket.setNoDelay(true);
    const cutter = new StreamCutter();
    socket.on('data', (chunk) => {
      const { messages, broken } = cutter.push(chunk);
      const link: Link = { transport: 'tcp', socket, host: socket.remoteAddress ?? '?', port: socket.remotePort ?? 0 };
      for (const bytes of messages) this.received(bytes, link);
      if (broken) {
        this.log(`tcp: ${broken}; closing the connection`);
        socket.destroy();
      }
    });
    socket.on('error', (e) => this.log(`tcp ${socket.remoteAddress}:${socket.remotePort}: ${e.message}`));
    socket.once('close', () => {
      this.sockets.delete(socket);
      if (key) this.connections.delete(key);
    });
  }

  private received(bytes: Buffer, link: Link): void {
    if (this.stopped) return;
    this.log(`<<< ${link.transport.toUpperCase()} from ${link.host}:${link.port}\n${bytes.toString('utf8')}`);
    let m: Message;
    try {
      m = parse(bytes);
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      this.log(`dropped an unparsable message: ${e.message}`);
      return;
    }
    this.onMessage(m, link);
  }
}
