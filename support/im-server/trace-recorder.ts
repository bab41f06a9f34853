import type { Endpoint, RecordedMessage, TlsConnectionInfo, TlsWireChunk, Transport } from '../sip/recorded-message';
import { parseRecorded } from '../sip/sip-parser';
import { ScenarioDialogs } from './scenario-dialogs';

/**
 * What the recorders of one scenario's addresses share: the numbers of its messages and TLS
 * connections, and what it took part in (which messages are stray).
 */
export interface ScenarioLedger {
  next: number;
  connections?: number;
  dialogs?: ScenarioDialogs;
}

interface Waiter {
  predicate: (m: RecordedMessage) => boolean;
  resolve: (m: RecordedMessage | undefined) => void;
  timer: NodeJS.Timeout;
}

/**
 * The raw recorder: every message that crosses a socket of the test bed, as bytes, before any
 * parsing, in one numbered trace; and the bounded waits the steps use instead of sleeps.
 */
export class TraceRecorder {
  readonly trace: RecordedMessage[] = [];
  /** The TLS connections' bytes as they crossed the sockets (records, ciphertext), in order. */
  readonly wire: TlsWireChunk[] = [];
  /** NSS key log lines (SSLKEYLOGFILE format) of every TLS connection, so the pcap can be decrypted. */
  readonly keylog: string[] = [];
  private readonly waiters = new Set<Waiter>();
  private stopped = false;

  private readonly dialogs: ScenarioDialogs;

  /** `sequence` may be shared with another recorder of the same scenario, so numbers stay unique and a dialog is known at every address. */
  constructor(private readonly sequence: ScenarioLedger = { next: 1 }) {
    this.dialogs = sequence.dialogs ??= new ScenarioDialogs();
  }

  /** A number for a new TLS connection, unique in the scenario. */
  newConnection(): number {
    this.sequence.connections = (this.sequence.connections ?? 0) + 1;
    return this.sequence.connections;
  }

  /** Bytes of a TLS connection as they crossed its socket. */
  recordWire(chunk: Omit<TlsWireChunk, 'at'>): void {
    if (this.stopped) return;
    this.wire.push({ ...chunk, at: Date.now(), bytes: Buffer.from(chunk.bytes) });
  }

  recordKeylog(line: Buffer | string): void {
    const text = line.toString().trim();
    if (text) this.keylog.push(text);
  }

  record(
    direction: RecordedMessage['direction'],
    transport: Transport,
    source: Endpoint,
    destination: Endpoint,
    bytes: Buffer,
    o: { frameError?: string; protocol?: RecordedMessage['protocol']; tls?: TlsConnectionInfo; tlsError?: string; tlsUnfinished?: true } = {},
  ): RecordedMessage {
    const message: RecordedMessage = { seq: this.sequence.next++, at: Date.now(), direction, transport, source, destination, bytes: Buffer.from(bytes) };
    if (o.tls) message.tls = o.tls;
    if (o.tlsError !== undefined) message.tlsError = o.tlsError;
    if (o.tlsUnfinished) message.tlsUnfinished = true;
    if (o.protocol) message.protocol = o.protocol;
    if (o.frameError !== undefined && !o.protocol) message.frameError = o.frameError;
    Object.assign(message, parseRecorded(message));
    // Marked before any waiter sees it: a query for the client's next request never takes it.
    const stray = this.dialogs.admit(message);
    if (stray) message.stray = stray;
    this.trace.push(message);
    this.notify(message);
    return message;
  }

  /**
   * Stray bytes of a stream (what a wrong Content-Length left between two messages) are kept on
   * the message before them, as evidence; waiters look at that message again.
   */
  addStray(message: RecordedMessage, bytes: Buffer): void {
    message.strayAfter = message.strayAfter ? Buffer.concat([message.strayAfter, bytes]) : Buffer.from(bytes);
    this.notify(message);
  }

  /** The first recorded message (already seen or still to come) that matches, or undefined after `timeoutMs` or at stop. Never rejects. */
  waitFor(predicate: (m: RecordedMessage) => boolean, timeoutMs: number): Promise<RecordedMessage | undefined> {
    const seen = this.trace.find(predicate);
    if (seen || this.stopped) return Promise.resolve(seen);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        predicate,
        resolve,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          resolve(undefined);
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  /** Every waiter gets undefined; later waits end at once. */
  stop(): void {
    this.stopped = true;
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.resolve(undefined);
    }
    this.waiters.clear();
  }

  private notify(message: RecordedMessage): void {
    for (const waiter of this.waiters) {
      if (waiter.predicate(message)) {
        clearTimeout(waiter.timer);
        this.waiters.delete(waiter);
        waiter.resolve(message);
      }
    }
  }
}
