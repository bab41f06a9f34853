import * as net from 'node:net';

/**
 * The client's MSRP endpoint, for now only a listening TCP port: it makes the port in the
 * offer's m= line and a=path real (RFC 4975 section 8.1). With a=setup:active the client is
 * the one that would connect (RFC 6135); MSRP itself comes later. Connections that arrive are
 * kept open and destroyed with the endpoint.
 */
export class MsrpEndpoint {
  private readonly connections = new Set<net.Socket>();

  private constructor(
    private readonly server: net.Server,
    readonly host: string,
    readonly port: number,
  ) {
    server.on('connection', (socket) => {
      this.connections.add(socket);
      socket.on('error', () => socket.destroy());
      socket.once('close', () => this.connections.delete(socket));
    });
  }

  /** Listens on a port the system picks on `host`. */
  static listen(host: string): Promise<MsrpEndpoint> {
    return new Promise((resolve, reject) => {
      const server = net.createServer();
      server.once('error', reject);
      server.listen(0, host, () => {
        server.off('error', reject);
        server.on('error', () => undefined);
        resolve(new MsrpEndpoint(server, host, (server.address() as net.AddressInfo).port));
      });
    });
  }

  close(): void {
    this.server.close();
    for (const socket of this.connections) socket.destroy();
    this.connections.clear();
  }
}
