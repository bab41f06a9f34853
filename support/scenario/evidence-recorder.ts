import * as fs from 'node:fs';
import { evidenceBundle } from '../evidence/evidence-bundle';
import { MESSAGES_FILE_NAME, messageRecords } from '../report/message-record';
import { hexDump } from '../report/trace-text';
import type { RecordedMessage, TlsWireChunk } from '../sip/recorded-message';
import type { Finding } from '../verdict';
import { describeFinding } from './judge';

/** Cucumber's attach, as its runtime takes it: a string or a Buffer, one signature. */
export type Attach = (body: string | Buffer, options: { mediaType: string; fileName: string }) => void;

/**
 * What the evidence is drawn from: the scenario's trace, the names of its lanes and, over TLS, the
 * records as they crossed, the key log and the CA the client was given (the TestBedHandle's).
 */
export interface EvidenceSource {
  readonly trace: RecordedMessage[];
  readonly wire?: TlsWireChunk[];
  readonly keylog?: string[];
  /** The CA file the client was told to trust (IM_TLS_CA). */
  readonly tlsCaFile?: string;
  laneNames(): Map<string, string>;
}

/**
 * The scenario's evidence in the report: the trace, ladder, pcap (and key log) and SDP at the step that judged,
 * each FAIL with the message it is about, and at the scenario's end what came after the verdict.
 */
export class EvidenceRecorder {
  /** How many messages of the trace the last attached evidence covered. */
  private covers?: number;

  constructor(
    private readonly attach: Attach,
    private readonly source: EvidenceSource,
  ) {}

  /** On the step that judged: the evidence as it stands, and each FAIL of `judged` with its message. */
  atVerdict(findings: readonly Finding[], judged: readonly Finding[]): void {
    this.attachFailed(judged);
    this.attachBundle(findings, '');
  }

  /**
   * At the scenario's end: the messages after the verdict (the ACK, the BYE) as a whole-scenario
   * copy, or all of it when no step got to judge (INCONC before the verdict); then every message
   * as a record (messages.json, which summary.json lists per scenario) and the client's log.
   */
  atEnd(findings: readonly Finding[], clientLog: string | undefined): void {
    if (this.covers === undefined) this.attachBundle(findings, '');
    else if (this.source.trace.length > this.covers) this.attachBundle(findings, '-whole-scenario');
    this.attach(JSON.stringify(messageRecords(this.source.trace), null, 2), { mediaType: 'application/json', fileName: MESSAGES_FILE_NAME });
    if (clientLog) this.attach(clientLog, { mediaType: 'text/plain', fileName: 'client-upper-tester.log' });
  }

  /** Remembers how much of the trace it covered, so the end adds a copy only when more came. */
  private attachBundle(findings: readonly Finding[], stage: '' | '-whole-scenario'): void {
    const { trace, wire, keylog } = this.source;
    // The CA does not change in a scenario: once, with the first evidence, when TLS was used.
    const tlsCaPem = stage === '' && trace.some((m) => m.transport === 'tls') ? readCa(this.source.tlsCaFile) : undefined;
    for (const { body, mediaType, fileName } of evidenceBundle({ trace, wire, keylog, tlsCaPem, laneNames: this.source.laneNames() }, findings, stage)) this.attach(body, { mediaType, fileName });
    this.covers = trace.length;
  }

  private attachFailed(judged: readonly Finding[]): void {
    const failed = judged.filter((f) => f.verdict === 'FAIL');
    if (failed.length === 0) return;
    const trace = this.source.trace;
    const text = failed
      .map((f) => {
        const m = trace.find((x) => x.seq === f.messageSeq);
        const body = m ? asReceived(m) : '(no single message)';
        return `${describeFinding(f)}\n\n--- message #${f.messageSeq ?? '?'} as received ---\n${body.replace(/\r\n/g, '\n')}`;
      })
      .join('\n\n========\n\n');
    this.attach(text, { mediaType: 'text/plain', fileName: 'failed-checks.txt' });
  }
}

function asReceived(m: RecordedMessage): string {
  // Never as SIP: what the client sent on a TLS connection whose handshake failed.
  if (m.protocol === 'tls-handshake') return `(a failed TLS handshake, not SIP: ${m.tlsError ?? 'no reason recorded'})\n${hexDump(m.bytes)}`;
  if (m.parseError !== undefined) return `(unparsable: ${m.parseError})\n${m.bytes.toString('latin1')}`;
  return m.bytes.toString('utf8');
}

/** The CA's PEM for the evidence; a file gone (the run's folder removed) leaves the CA out, never the rest. */
function readCa(file: string | undefined): string | undefined {
  if (!file) return undefined;
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
