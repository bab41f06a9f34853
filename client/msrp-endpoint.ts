import * as net from 'node:net';
import * as tls from 'node:tls';
import { answerRequests } from './msrp';
import type { MsrpTls } from './msrp-tls';

/** What the SDP offer says of MSRP over TLS (client/sdp-offer.ts): the fingerprint of a self-signed certificate. */
export interface OfferTls {
  fingerprint?: string;
}

/**
 * The client's MSRP endpoint: the listening port that makes the offer's m= line and a=path real
 * (RFC 4975 section 8.1). With `tls` it listens for MSRP over TLS (RFC 4975 14.1), presenting the
 * client's certificate. A peer that connects (the client offered a=setup:passive, RFC 6135) gets
 * 200 OK to each request it sends (RFC 4975 7.2), so the session it binds is usable; with
 * a=setup:active the client is the one that connects (client/msrp.ts). Connections are destroyed
 * with the endpoint.
 */
export class MsrpEndpoint {
  private readonly connections = new Set<net.Socket>();
  private requests = 0;

  private constructor(
    private readonly server: net.Server,
    readonly host: string,
    readonly port: number,
    /** The TLS the endpoint listens with, and the client connects msrps: paths with. */
    readonly tls: MsrpTls | undefined,
    private readonly log: (line: string) => void,
  ) {
    // A TLS server's 'connection' is the raw socket; the plaintext comes on 'secureConnection'.
    server.on('connection', (socket: net.Socket) => this.keep(socket));
    if (tls) {
      server.on('secureConnection', (socket: tls.TLSSocket) => this.serve(socket));
      server.on('tlsClientError', (e: Error) => log(`!! MSRP: a TLS handshake on ${this.port} failed: ${e.message}`));
    } else {
      server.on('connection', (socket: net.Socket) => this.serve(socket));
    }
  }

  /** Listens on a port the system picks on `host` (IPv4 or IPv6); over TLS with `tls`. */
  static listen(host: string, tlsOptions?: MsrpTls, log: (line: string) => void = () => undefined): Promise<MsrpEndpoint> {
    return new Promise((resolve, reject) => {
      const server = tlsOptions ? tls.createServer({ cert: tlsOptions.cert, key: tlsOptions.key, minVersion: 'TLSv1.2' }) : net.createServer();
      server.once('error', reject);
      server.listen(0, host, () => {
        server.off('error', reject);
        server.on('error', () => undefined);
        resolve(new MsrpEndpoint(server, host, (server.address() as net.AddressInfo).port, tlsOptions, log));
      });
    });
  }

  /** What the offer must say for this endpoint: undefined over TCP; over TLS the fingerprint of a self-signed certificate (RFC 4975 14.2). */
  get offerTls(): OfferTls | undefined {
    if (!this.tls) return undefined;
    return this.tls.selfSigned ? { fingerprint: this.tls.fingerprint } : {};
  }

  /** How many MSRP requests a peer that connected here has sent (and been answered). */
  get requestsAnswered(): number {
    return this.requests;
  }

  close(): void {
    this.server.close();
    for (const socket of this.connections) socket.destroy();
    this.connections.clear();
  }

  private keep(socket: net.Socket): void {
    this.connections.add(socket);
    socket.on('error', () => socket.destroy());
    socket.once('close', () => this.connections.delete(socket));
  }

  private serve(socket: net.Socket): void {
    if (socket instanceof tls.TLSSocket) this.keep(socket);
    socket.setNoDelay(true);
    let pending = '';
    socket.on('data', (chunk: Buffer) => {
      const { answers, rest, requests } = answerRequests(pending + chunk.toString('latin1'));
      pending = rest;
      this.requests += requests;
      for (const answer of answers) if (!socket.destroyed) socket.write(answer);
    });
  }
}
