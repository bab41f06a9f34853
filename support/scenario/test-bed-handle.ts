import { MockImServer, type InviteScript } from '../im-server/mock-im-server';
import { ObserverLag } from '../im-server/observer-lag';
import type { ScenarioLedger } from '../im-server/trace-recorder';
import type { IpVersion, RecordedMessage, TlsWireChunk, Transport } from '../sip/recorded-message';
import type { PendingHandshake } from '../tls/tls-socket';
import { SutStartError, type SutAdapter, type SutEnvironment, type SutSession } from '../sut/sut-adapter';
import type { SutProfile } from '../sut/sut-profile';
import { DIRECT_IM_SERVER_HOST6, runTestBedTls, startTestBed, type Reach } from '../test-bed';
import { hostPort } from '../sip/sip-uri';
import { directImServerHost } from '../sut/loopback-net';

/**
 * One scenario's test bed: the IM Server behind the SIP/IP Core, the IM Server's own address
 * when a scenario hosts the conference there (RJ-04), and the client. Started once; every address
 * records into one numbered trace.
 */
export class TestBedHandle {
  /** The scenario's numbers and dialogs, shared by every address of its test bed. */
  private readonly sequence: ScenarioLedger = { next: 1 };
  /** Every address of the test bed started so far, the SIP/IP Core first. */
  private readonly addresses: MockImServer[] = [];
  private core?: MockImServer;
  private client?: SutSession;
  private environment?: SutEnvironment;
  /** What a client that did not start said, as evidence. */
  private startLog?: string;
  private readonly lag = new ObserverLag();

  constructor(
    private readonly profile: SutProfile,
    private readonly adapter: SutAdapter,
  ) {}

  get started(): boolean {
    return this.core !== undefined;
  }

  /** The IM Servers listening for the client (the SIP/IP Core first). */
  get servers(): readonly MockImServer[] {
    return this.addresses;
  }

  /** The SIP/IP Core + IM Server the client was told to use as its outbound proxy. */
  get server(): MockImServer | undefined {
    return this.core;
  }

  get sut(): SutSession | undefined {
    return this.client;
  }

  /** Everything that crossed the wire in this scenario, at every address of the test bed, in order: the evidence. */
  get trace(): RecordedMessage[] {
    return this.addresses.flatMap((s) => s.trace).sort((a, b) => a.seq - b.seq);
  }

  /** What the scenario is judged on: the trace without its stray messages (scenario-dialogs.ts), which belong to no dialog of it. */
  get judgedTrace(): RecordedMessage[] {
    return this.trace.filter((m) => m.stray === undefined);
  }

  /** The TLS connections' bytes as they crossed the test bed's sockets, in order (pcap). */
  get wire(): TlsWireChunk[] {
    return this.addresses.flatMap((s) => s.wire).sort((a, b) => a.at - b.at);
  }

  /** The CA file the client was told to trust (IM_TLS_CA), for the evidence. */
  get tlsCaFile(): string | undefined {
    return this.environment?.tls?.caFile;
  }

  /** The client's SIP-over-TLS connections whose handshake is still under way, at every address. */
  pendingTlsHandshakes(): PendingHandshake[] {
    return this.addresses.flatMap((s) => s.pendingTlsHandshakes());
  }

  /** Every TLS key log line of the scenario (SSLKEYLOGFILE format). */
  get keylog(): string[] {
    return this.addresses.flatMap((s) => s.keylog);
  }

  /**
   * Starts the IM Server and the client; returns why the client did not start, if it did not
   * (the IM Server stays up, so its trace is kept).
   */
  async start(reach: Reach, conference: string, script: Readonly<Partial<InviteScript>>): Promise<Error | undefined> {
    this.lag.start();
    const bed = await startTestBed(this.profile, this.adapter, reach, conference, script, this.sequence);
    this.core = bed.server;
    this.addresses.unshift(bed.server);
    this.client = bed.sut;
    this.environment = bed.env;
    if (bed.startError instanceof SutStartError) this.startLog = bed.startError.log;
    return bed.startError;
  }

  /**
   * Starts an IM Server listener at its own loopback address and returns the conference URI
   * there, so a client that bypasses its outbound proxy is seen doing it (RJ-04).
   */
  async hostAtOwnAddress(user: string, reach: Reach): Promise<string> {
    const host = reach.ipVersion === '6' ? DIRECT_IM_SERVER_HOST6 : directImServerHost(this.profile);
    const direct = await MockImServer.start({ host, sequence: this.sequence, t1Ms: this.profile.ixit.t1Ms, tls: await runTestBedTls(this.profile) });
    this.addresses.push(direct);
    // The conference is reached over the scenario's transport, as the client was told (RFC 3261 19.1.1).
    const port = direct.portFor(reach.transport);
    return reach.transport === 'udp' ? `sip:${user}@${hostPort(host, port)}` : `sip:${user}@${hostPort(host, port)};transport=${reach.transport}`;
  }

  /** How late the test bed's event loop ran since it started, in ms (observer-lag.ts). */
  observerLagMs(): number {
    return this.lag.maxMs();
  }

  /** The outbound proxy the client was configured with: the SIP/IP Core entry point. */
  outboundProxy(): { uri: string; host: string; port: number; transport: Transport; ipVersion: IpVersion } {
    const env = this.environment!;
    return { uri: env.outboundProxy, host: env.proxyHost, port: env.proxyPort, transport: env.transport, ipVersion: env.ipVersion };
  }

  /** Titles of the test bed's addresses, for the ladder diagram. */
  laneNames(): Map<string, string> {
    const names = new Map<string, string>();
    for (const s of this.addresses) {
      const title = s === this.core ? 'SIP/IP Core + IM Server' : 'IM Server (own address)';
      names.set(`${s.host}:${s.port}`, title);
      if (s.tlsPort !== undefined) names.set(`${s.host}:${s.tlsPort}`, `${title} (TLS)`);
      names.set(`${s.host}:${s.msrpPort}`, `${title} (MSRP)`);
      if (s.msrpTlsPort !== undefined) names.set(`${s.host}:${s.msrpTlsPort}`, `${title} (MSRP over TLS)`);
    }
    return names;
  }

  /** What the adapter saw of the client (or of its failed start), for the report. */
  clientLog(): string | undefined {
    return this.client?.log() ?? this.startLog;
  }

  /** The scenario's end: the client is released (kept for the next scenario or stopped), the IM Servers stop. */
  async release(): Promise<void> {
    this.lag.stop();
    // Before the client goes: a handshake it cuts short by leaving is the scenario's end, not its failure.
    for (const s of this.addresses) s.endTlsHandshakes();
    await this.client?.release();
    for (const s of this.addresses) await s.stop();
  }
}
