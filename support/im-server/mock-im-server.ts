import type { RecordedMessage, TlsWireChunk, Transport } from '../sip/recorded-message';
import type { PendingHandshake, TestBedTls } from '../tls/tls-socket';
import { ConferenceFocus } from './conference-focus';
import type { InviteScript } from './invite-script';
import { MsrpEndpoint } from './msrp-endpoint';
import { SipIpCore } from './sip-ip-core';
import { SipTransport } from './sip-transport';
import { TraceRecorder, type ScenarioLedger } from './trace-recorder';

export type { InviteScript } from './invite-script';

export interface MockImServerOptions {
  /** Loopback address to listen on, UDP and TCP alike. */
  host: string;
  /** Port for both transports; the system picks a free one when absent. */
  port?: number;
  /** RFC 3261 T1 and T2 for the 2xx retransmissions over UDP (500 ms and 4 s by default). */
  t1Ms?: number;
  t2Ms?: number;
  /** Shared with another server of the same scenario, so trace numbers stay unique and its dialogs are known at both. */
  sequence?: ScenarioLedger;
  /** The test bed's TLS: with it, SIP and MSRP over TLS are served too, each on a port of its own. */
  tls?: TestBedTls;
  /** The SIP over TLS port; the system picks a free one when absent. */
  tlsPort?: number;
}

/**
 * The scripted network a client rejoins through, layered as a SIP stack is: the transport with
 * its raw recorder and framer (sip-transport.ts, trace-recorder.ts); the SIP/IP Core, the
 * client's outbound proxy, which Record-Routes (sip-ip-core.ts); the IM Server's conference
 * focus with its INVITE server transactions, SDP answerer and conference subscription
 * (conference-focus.ts and what it uses); and the MSRP end of the session (msrp-endpoint.ts).
 * Both roles share one listener: what the core forwards to the IM Server never crosses a socket.
 *
 * Written on plain sockets, not on the `sip` package, because that package drops what it
 * cannot parse, merges repeated headers, and neither sends 100 Trying nor retransmits a 2xx.
 */
export class MockImServer {
  private stopped = false;

  private constructor(
    private readonly recorder: TraceRecorder,
    private readonly transport: SipTransport,
    private readonly msrp: MsrpEndpoint,
    private readonly focus: ConferenceFocus,
    private readonly clock: Clock,
  ) {}

  static async start(options: MockImServerOptions): Promise<MockImServer> {
    const recorder = new TraceRecorder(options.sequence);
    // The focus needs the transport's port, and the transport hands requests to the focus.
    const roles: { focus?: ConferenceFocus } = {};
    const transport = await SipTransport.start(options.host, options.port, recorder, (message, reply) => {
      if (message.sip?.kind === 'request') roles.focus?.request(message.sip, message.transport, reply, message.stray !== undefined);
    }, options.tls, options.tlsPort);
    const msrp = await MsrpEndpoint.start(options.host, recorder, options.tls);
    const clock = new Clock();
    const focus = new ConferenceFocus({
      host: options.host,
      portOf: (t) => transport.localFor(t).port,
      core: new SipIpCore(options.host, (t) => transport.localFor(t).port),
      msrp,
      t1: options.t1Ms ?? 500,
      t2: options.t2Ms ?? 4000,
      later: clock.later,
    });
    roles.focus = focus;
    return new MockImServer(recorder, transport, msrp, focus, clock);
  }

  get host(): string {
    return this.transport.host;
  }

  get port(): number {
    return this.transport.port;
  }

  /** The SIP over TLS port, when the server was given TLS. */
  get tlsPort(): number | undefined {
    return this.transport.tlsPort;
  }

  /** The client's SIP-over-TLS connections whose handshake is still under way. */
  pendingTlsHandshakes(): PendingHandshake[] {
    return this.transport.pendingHandshakes();
  }

  /** Where the client reaches this server over `transport`. */
  portFor(transport: Transport): number {
    return this.transport.localFor(transport).port;
  }

  /** Everything that crossed this server's sockets, in order. */
  get trace(): RecordedMessage[] {
    return this.recorder.trace;
  }

  /** The TLS connections' bytes as they crossed the sockets (ciphertext), for the pcap. */
  get wire(): TlsWireChunk[] {
    return this.recorder.wire;
  }

  /** The TLS connections' key log (SSLKEYLOGFILE lines), so the pcap's TLS can be decrypted. */
  get keylog(): string[] {
    return this.recorder.keylog;
  }

  /** The TCP port of the MSRP endpoint the SDP answer names. */
  get msrpPort(): number {
    return this.msrp.port;
  }

  /** The MSRP-over-TLS port the SDP answer names for TCP/TLS/MSRP, when the server was given TLS. */
  get msrpTlsPort(): number | undefined {
    return this.msrp.tlsPort;
  }

  /** Sets what the server answers to the next INVITEs; unset fields keep their defaults. */
  script(changes: Partial<InviteScript>): void {
    this.focus.script(changes);
  }

  /** The first recorded message (already seen or still to come) that matches, or undefined after `timeoutMs` or at stop. Never rejects. */
  waitFor(predicate: (m: RecordedMessage) => boolean, timeoutMs: number): Promise<RecordedMessage | undefined> {
    return this.recorder.waitFor(predicate, timeoutMs);
  }

  /** Records every TLS handshake still under way as unfinished: the scenario is over (TestBedHandle.release). */
  endTlsHandshakes(): void {
    this.transport.endHandshakes();
    this.msrp.endHandshakes();
  }

  /** Closes every socket and cancels every timer; waiters get undefined. Idempotent. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.clock.stop();
    this.focus.stop();
    this.recorder.stop();
    await Promise.all([this.transport.stop(), this.msrp.stop()]);
  }
}

/** The server's timers: each runs once unless the server has stopped, and stop clears them all. */
class Clock {
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  readonly later = (ms: number, action: () => void): NodeJS.Timeout => {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.stopped) action();
    }, ms);
    this.timers.add(timer);
    return timer;
  };

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
