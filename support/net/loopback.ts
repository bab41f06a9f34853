import * as net from 'node:net';

const probes = new Map<string, Promise<string | undefined>>();

/**
 * Why this machine cannot run the IPv6 scenarios on `host` (no IPv6 loopback: a container
 * without ::1, IPv6 disabled), or undefined when a socket binds there. Asked once per host.
 */
export function ipv6Unavailable(host: string): Promise<string | undefined> {
  let probe = probes.get(host);
  if (!probe) {
    probe = new Promise((resolve) => {
      const server = net.createServer();
      server.once('error', (e: NodeJS.ErrnoException) => resolve(`this machine has no IPv6 address ${host} to listen on (${e.code ?? e.message})`));
      server.listen(0, host, () => server.close(() => resolve(undefined)));
    });
    probes.set(host, probe);
  }
  return probe;
}

const LOOPBACK = new net.BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');
LOOPBACK.addSubnet('::ffff:127.0.0.0', 104, 'ipv6');

/** Whether `address` is a loopback address in any of its forms (127/8, ::1, 0:0:…:1, ::ffff:127.x). */
export function isLoopbackAddress(address: string): boolean {
  const family = net.isIP(address);
  return family !== 0 && LOOPBACK.check(address, family === 6 ? 'ipv6' : 'ipv4');
}
