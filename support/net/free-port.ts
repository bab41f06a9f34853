import * as dgram from 'node:dgram';
import * as net from 'node:net';

/**
 * A port that is free for both UDP and TCP on `host`, for a party that cannot bind port 0 itself
 * (the `sip` package takes 0 to mean 5060). The OS picks it, so parallel runs do not collide;
 * the short window between closing the probe and the client binding is the price of that.
 */
export async function freeUdpTcpPort(host: string, attempts = 20): Promise<number> {
  for (let i = 0; i < attempts; i++) {
    const udp = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
    const port = await new Promise<number>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(0, host, () => resolve(udp.address().port));
    });
    const tcpFree = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, host, () => server.close(() => resolve(true)));
    });
    await new Promise<void>((resolve) => udp.close(() => resolve()));
    if (tcpFree) return port;
  }
  throw new Error(`no port free for both UDP and TCP on ${host} after ${attempts} attempts`);
}
