import * as net from 'node:net';
import type { SutProfile } from './sut-profile';

/**
 * SUITE_LOOPBACK_NET moves a run's IPv4 loopback addresses into a /24 of 127.0.0.0/8 of its own,
 * e.g. "127.3.0": the test bed at 127.3.0.1, the client at 127.3.0.2 (each keeps the last octet
 * its profile gives). A campaign (`npm run campaign -- --jobs N`) gives every run its own, so runs
 * side by side never share an address: a late retransmission of one run's client cannot land on
 * another run's test bed, whatever ports the OS hands out. IPv6 has one loopback address (::1):
 * there runs differ by port only. A profile off loopback (`interop`) keeps its addresses.
 */
export const LOOPBACK_NET_VARIABLE = 'SUITE_LOOPBACK_NET';

/** The /24 named by a SUITE_LOOPBACK_NET value ("127.3.0"), or why it is not one. */
export function parseLoopbackNet(value: string): { net: string } | { problem: string } {
  const octets = value.trim().split('.');
  const valid = octets.length === 3 && octets[0] === '127' && octets.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255);
  return valid ? { net: octets.map(Number).join('.') } : { problem: `${LOOPBACK_NET_VARIABLE}="${value}" is not the first three octets of a loopback /24, such as 127.3.0` };
}

/** An IPv4 loopback address moved into the /24, keeping its last octet; anything else unchanged. */
export function inLoopbackNet(address: string, loopbackNet: string): string {
  if (!net.isIPv4(address) || !address.startsWith('127.')) return address;
  return `${loopbackNet}.${address.split('.')[3]}`;
}

/** The profile with its IPv4 loopback addresses (testBed.host, ixit.localHost) in the /24. */
export function inLoopbackNetProfile(profile: SutProfile, loopbackNet: string): SutProfile {
  if (profile.interop) return profile;
  return {
    ...profile,
    testBed: { ...profile.testBed, host: inLoopbackNet(profile.testBed.host, loopbackNet) },
    ixit: { ...profile.ixit, localHost: inLoopbackNet(profile.ixit.localHost, loopbackNet) },
  };
}

/**
 * The IPv4 address of the IM Server a client reaches without its outbound proxy (RJ-04): in the
 * test bed's /24 when that is loopback, at the first last octet from 3 that neither the test bed
 * nor the client has (127.0.0.3 for the default profile), so it moves with SUITE_LOOPBACK_NET.
 */
export function directImServerHost(profile: SutProfile): string {
  const bed = profile.testBed.host;
  if (!net.isIPv4(bed) || !bed.startsWith('127.')) return '127.0.0.3';
  const prefix = bed.split('.').slice(0, 3).join('.');
  const taken = new Set([bed, profile.ixit.localHost]);
  for (let octet = 3; octet < 255; octet++) if (!taken.has(`${prefix}.${octet}`)) return `${prefix}.${octet}`;
  return '127.0.0.3';
}
