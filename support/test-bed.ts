import { MockImServer, type InviteScript } from './im-server/mock-im-server';
import type { ScenarioLedger } from './im-server/trace-recorder';
import { freeUdpTcpPort } from './net/free-port';
import type { IpVersion, Transport } from './sip/recorded-message';
import { CommandAdapter } from './sut/command-adapter';
import { ManualAdapter } from './sut/manual-adapter';
import type { KeptClientPool } from './sut/kept-client-pool';
import { ProcessAdapter } from './sut/process-adapter';
import type { SutAdapter, SutEnvironment, SutSession } from './sut/sut-adapter';
import { clientWorkDir, type SutProfile } from './sut/sut-profile';
import { tlsMaterial, type TlsMaterial } from './tls/test-pki';
import { testBedTls, type TestBedTls } from './tls/tls-socket';
import { hostPort } from './sip/sip-uri';
import { directImServerHost } from './sut/loopback-net';

/**
 * The IM Server's own IPv6 address, apart from the SIP/IP Core, for the RJ-04 scenarios (the IPv4
 * one is directImServerHost's). IPv6 has one loopback address: there the IM Server's own listener
 * differs from the core by port.
 */
export const DIRECT_IM_SERVER_HOST6 = '::1';
/** How long a client may take to start and say it is ready. */
export const CLIENT_START_TIMEOUT_MS = 10_000;

/** The profile's adapter; a `process.reuse` client lives in `clients`, the run's pool. */
export function adapterFor(profile: SutProfile, clients?: KeptClientPool): SutAdapter {
  switch (profile.adapter) {
    case 'command':
      return new CommandAdapter({ ...profile.command!, cwd: clientWorkDir(profile, profile.command!.cwd) });
    case 'manual':
      return new ManualAdapter();
    default:
      return new ProcessAdapter(profile.process!.command, clientWorkDir(profile, profile.process!.cwd), profile.process!.reuse ? clients : undefined);
  }
}

/**
 * Starts the client an adapter keeps before the first scenario, so its start-up overlaps
 * Cucumber's (SutAdapter.prewarm). Its placeholder outbound proxy (the discard port) is never
 * used: the first scenario's reset gives the real one.
 */
export async function prewarmClient(profile: SutProfile, adapter: SutAdapter): Promise<void> {
  if (!adapter.prewarm) return;
  const env = await sutEnvironment(profile, { transport: profile.ics.transports[0], ipVersion: '4' }, 'sip:warm-up@conference.example.invalid', 9);
  adapter.prewarm(env, CLIENT_START_TIMEOUT_MS);
}

/** How a scenario's client reaches the test bed. */
export interface Reach {
  transport: Transport;
  ipVersion: IpVersion;
}

/** The test bed's address for an IP version (the profile's testBed.host or testBed.host6). */
export function testBedHost(profile: SutProfile, ipVersion: IpVersion): string {
  return ipVersion === '6' ? profile.testBed.host6 : profile.testBed.host;
}

/** The run's TLS material: the lab's own (testBed.tls) or a throwaway CA made once per process. */
export function runTlsMaterial(profile: SutProfile): Promise<TlsMaterial> {
  return tlsMaterial({
    serverHosts: [profile.testBed.host, profile.testBed.host6, directImServerHost(profile), DIRECT_IM_SERVER_HOST6],
    clientHosts: [profile.ixit.localHost, profile.ixit.localHost6],
    clientUri: profile.ixit.userUri,
    own: profile.testBed.tls,
  });
}

const contexts = new Map<TlsMaterial, Map<boolean, TestBedTls>>();

/**
 * The test bed's TLS for the run: every listener serves SIP and MSRP over TLS beside UDP and TCP,
 * as a network does whatever the client was told; it asks for the client's certificate when the
 * profile declares mutual TLS.
 */
export async function runTestBedTls(profile: SutProfile): Promise<TestBedTls> {
  const material = await runTlsMaterial(profile);
  const requestCert = profile.ics.tlsClientCertificate;
  let byRequest = contexts.get(material);
  if (!byRequest) contexts.set(material, (byRequest = new Map()));
  let tls = byRequest.get(requestCert);
  if (!tls) byRequest.set(requestCert, (tls = testBedTls(material, requestCert)));
  return tls;
}

/**
 * Starts the scripted IM Server, then the client configured to use it as its outbound proxy.
 * The IM Server is returned even when the client fails to start, so its trace is not lost.
 */
export async function startTestBed(
  profile: SutProfile,
  adapter: SutAdapter,
  reach: Reach,
  conferenceUri: string,
  script: Readonly<Partial<InviteScript>>,
  sequence?: ScenarioLedger,
): Promise<{ server: MockImServer; env: SutEnvironment; sut?: SutSession; startError?: Error }> {
  const server = await MockImServer.start({
    host: testBedHost(profile, reach.ipVersion),
    port: profile.testBed.port,
    tlsPort: profile.testBed.tlsPort,
    sequence,
    t1Ms: profile.ixit.t1Ms,
    tls: await runTestBedTls(profile),
  });
  server.script(script);
  const env = await sutEnvironment(profile, reach, conferenceUri, server.portFor(reach.transport));
  try {
    const sut = await adapter.start(env, CLIENT_START_TIMEOUT_MS);
    return { server, env, sut };
  } catch (e) {
    return { server, env, startError: e as Error };
  }
}

/** What the client is told (the upper tester's variables): its outbound proxy is the test bed at `proxyPort`. */
async function sutEnvironment(profile: SutProfile, reach: Reach, conferenceUri: string, proxyPort: number): Promise<SutEnvironment> {
  const host = testBedHost(profile, reach.ipVersion);
  const localHost = reach.ipVersion === '6' ? profile.ixit.localHost6 : profile.ixit.localHost;
  const material = await runTlsMaterial(profile);
  // The client's own certificate for mutual TLS: the run CA's, unless the client brings its own (env).
  const clientCertificate = profile.ics.tlsClientCertificate && material.client ? material.client : undefined;
  return {
    conferenceUri,
    // RFC 3261 19.1.1 and 25.1: an IPv6 address in a SIP URI is bracketed.
    outboundProxy: `sip:${hostPort(host, proxyPort)};transport=${reach.transport};lr`,
    proxyHost: host,
    proxyPort,
    transport: reach.transport,
    ipVersion: reach.ipVersion,
    userUri: profile.ixit.userUri,
    localHost,
    localPort: await freeUdpTcpPort(localHost),
    t1Ms: profile.ixit.t1Ms,
    tls: { caFile: material.caFile, ...(clientCertificate ? { clientCertFile: clientCertificate.certFile, clientKeyFile: clientCertificate.keyFile } : {}) },
    extra: profile.env,
  };
}
