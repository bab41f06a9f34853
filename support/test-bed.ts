import { MockImServer, type InviteScript } from './im-server/mock-im-server';
import { freeUdpTcpPort } from './net/free-port';
import type { Transport } from './sip/recorded-message';
import { CommandAdapter } from './sut/command-adapter';
import { ManualAdapter } from './sut/manual-adapter';
import type { KeptClientPool } from './sut/kept-client-pool';
import { ProcessAdapter } from './sut/process-adapter';
import type { SutAdapter, SutEnvironment, SutSession } from './sut/sut-adapter';
import type { SutProfile } from './sut/sut-profile';

/** The IM Server's own address, apart from the SIP/IP Core, for the RJ-04 scenarios. */
export const DIRECT_IM_SERVER_HOST = '127.0.0.3';
/** How long a client may take to start and say it is ready. */
export const CLIENT_START_TIMEOUT_MS = 10_000;

/** The profile's adapter; a `process.reuse` client lives in `clients`, the run's pool. */
export function adapterFor(profile: SutProfile, clients?: KeptClientPool): SutAdapter {
  switch (profile.adapter) {
    case 'command':
      return new CommandAdapter(profile.command!);
    case 'manual':
      return new ManualAdapter();
    default:
      return new ProcessAdapter(profile.process!.command, profile.process!.cwd, profile.process!.reuse ? clients : undefined);
  }
}

/**
 * Starts the client an adapter keeps before the first scenario, so its start-up overlaps
 * Cucumber's (SutAdapter.prewarm). Its placeholder outbound proxy (the discard port) is never
 * used: the first scenario's reset gives the real one.
 */
export async function prewarmClient(profile: SutProfile, adapter: SutAdapter): Promise<void> {
  if (!adapter.prewarm) return;
  const env = await sutEnvironment(profile, profile.ics.transports[0], 'sip:warm-up@conference.example.invalid', 9);
  adapter.prewarm(env, CLIENT_START_TIMEOUT_MS);
}

/**
 * Starts the scripted IM Server, then the client configured to use it as its outbound proxy.
 * The IM Server is returned even when the client fails to start, so its trace is not lost.
 */
export async function startTestBed(
  profile: SutProfile,
  adapter: SutAdapter,
  transport: Transport,
  conferenceUri: string,
  script: Readonly<Partial<InviteScript>>,
  sequence?: { next: number },
): Promise<{ server: MockImServer; env: SutEnvironment; sut?: SutSession; startError?: Error }> {
  const server = await MockImServer.start({ host: profile.testBed.host, port: profile.testBed.port, sequence, t1Ms: profile.ixit.t1Ms });
  server.script(script);
  const env = await sutEnvironment(profile, transport, conferenceUri, server.port);
  try {
    const sut = await adapter.start(env, CLIENT_START_TIMEOUT_MS);
    return { server, env, sut };
  } catch (e) {
    return { server, env, startError: e as Error };
  }
}

/** What the client is told (the upper tester's variables): its outbound proxy is the test bed at `proxyPort`. */
async function sutEnvironment(profile: SutProfile, transport: Transport, conferenceUri: string, proxyPort: number): Promise<SutEnvironment> {
  const host = profile.testBed.host;
  return {
    conferenceUri,
    outboundProxy: `sip:${host}:${proxyPort};transport=${transport};lr`,
    proxyHost: host,
    proxyPort,
    transport,
    userUri: profile.ixit.userUri,
    localHost: profile.ixit.localHost,
    localPort: await freeUdpTcpPort(profile.ixit.localHost),
    t1Ms: profile.ixit.t1Ms,
    extra: profile.env,
  };
}
