import { SummaryFormatter, type IFormatterOptions } from '@cucumber/cucumber';
import type { Writable } from 'node:stream';
import { requirementIdsOf } from '../requirements';
import { testCaseIdOf, type GherkinDocumentLike } from './test-case-id';

// The few envelope fields the line reads (the full types live in @cucumber/messages).
interface Timestamp {
  seconds: number;
  nanos: number;
}
export interface ProgressEnvelope {
  gherkinDocument?: GherkinDocumentLike & { uri?: string };
  pickle?: { id: string; uri: string; tags: ReadonlyArray<{ name: string }>; astNodeIds: readonly string[] };
  testRunStarted?: { timestamp: Timestamp };
  testCase?: { id: string; pickleId: string };
  testCaseStarted?: { id: string; testCaseId: string };
  testStepFinished?: { testCaseStartedId: string; testStepResult: { status: string } };
  testCaseFinished?: { testCaseStartedId: string; willBeRetried: boolean };
  testRunFinished?: unknown;
}

/**
 * What the progress line says, from the run's envelopes: which scenario of how many is running,
 * its requirement and test case id, the time since the run started, and how many failed so far
 * (Cucumber's "failed", as its summary counts them: a FAIL, an INCONC, a test-bed error).
 */
export class ProgressLine {
  private readonly documents = new Map<string, GherkinDocumentLike>();
  private readonly scenarios = new Map<string, { requirements: string[]; testCaseId?: string }>();
  private readonly testCases = new Map<string, string>();
  private readonly attempts = new Map<string, { testCaseId: string; failed: boolean }>();
  /** Test cases begun: a retried one counts once. */
  private readonly begun = new Set<string>();
  private total = 0;
  private failed = 0;
  private startedAtMs?: number;
  private current?: string;

  onEnvelope(e: ProgressEnvelope): void {
    if (e.gherkinDocument?.uri) this.documents.set(e.gherkinDocument.uri, e.gherkinDocument);
    if (e.pickle) this.scenarios.set(e.pickle.id, { requirements: requirementIdsOf(e.pickle.tags.map((t) => t.name)), testCaseId: testCaseIdOf(e.pickle, this.documents.get(e.pickle.uri)) });
    if (e.testRunStarted) this.startedAtMs = e.testRunStarted.timestamp.seconds * 1000 + Math.floor(e.testRunStarted.timestamp.nanos / 1e6);
    if (e.testCase) {
      this.testCases.set(e.testCase.id, e.testCase.pickleId);
      this.total += 1;
    }
    if (e.testCaseStarted) {
      this.attempts.set(e.testCaseStarted.id, { testCaseId: e.testCaseStarted.testCaseId, failed: false });
      this.begun.add(e.testCaseStarted.testCaseId);
      this.current = e.testCaseStarted.testCaseId;
    }
    if (e.testStepFinished?.testStepResult.status === 'FAILED') {
      const attempt = this.attempts.get(e.testStepFinished.testCaseStartedId);
      if (attempt) attempt.failed = true;
    }
    if (e.testCaseFinished && !e.testCaseFinished.willBeRetried && this.attempts.get(e.testCaseFinished.testCaseStartedId)?.failed) this.failed += 1;
  }

  /**
   * The line while the run goes on: "scenario 12 of 64 · 0m37s elapsed · 1 failed · RJ-02
   * SIMPLE_IM-1.0-con-RJ02-03". What changes most comes first: a narrow terminal cuts the ids.
   */
  text(nowMs: number): string {
    const scenario = this.current === undefined ? undefined : this.scenarios.get(this.testCases.get(this.current) ?? '');
    const which = scenario ? [scenario.requirements.join(',') || '(no @req)', scenario.testCaseId].filter(Boolean).join(' ') : 'starting';
    return [`scenario ${this.begun.size} of ${this.total}`, `${this.elapsed(nowMs)} elapsed`, ...this.failures(), which].join(' · ');
  }

  /** The line the run ends with, before Cucumber's summary. */
  finalText(nowMs: number): string {
    return [`${this.begun.size} of ${this.total} scenarios run in ${this.elapsed(nowMs)}`, ...this.failures()].join(' · ');
  }

  private failures(): string[] {
    return this.failed > 0 ? [`${this.failed} failed`] : [];
  }

  private elapsed(nowMs: number): string {
    const s = Math.max(0, Math.floor((nowMs - (this.startedAtMs ?? nowMs)) / 1000));
    return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  }
}

/** Erases the terminal's current line and returns to its start (ANSI "erase in line", 2: all of it). */
const REWRITE = '\r\u001b[2K';

/**
 * In a terminal, instead of `progress`'s dots: one line rewritten in place (ProgressLine), its
 * elapsed time ticking each second, then what `progress` prints at the end, which is
 * SummaryFormatter's: every failed scenario's steps and error, and the "N scenarios" lines.
 * cucumber.js picks it (consoleFormat below); a pipe, a CI log or the manual adapter keeps `progress`.
 */
export default class ProgressLineFormatter extends SummaryFormatter {
  static override readonly documentation = 'One progress line rewritten in place (scenario n of N, elapsed, failed, requirement and test case id), then the summary';

  private readonly line = new ProgressLine();
  private ticker?: NodeJS.Timeout;
  private shown = '';

  constructor(options: IFormatterOptions) {
    super(options);
    options.eventBroadcaster.on('envelope', (e: ProgressEnvelope) => {
      this.line.onEnvelope(e);
      if (e.testRunStarted) this.startTicking();
      if (e.testCaseStarted || (e.testCaseFinished && !e.testCaseFinished.willBeRetried)) this.render();
    });
  }

  /** Now, for the elapsed time (a test gives its own clock). */
  protected now(): number {
    return Date.now();
  }

  /** Re-renders each second, so the elapsed time moves while a scenario waits on the client. */
  protected startTicking(): void {
    this.ticker = setInterval(() => this.render(), 1000);
    this.ticker.unref();
  }

  private render(): void {
    const text = fit(this.line.text(this.now()), this.stream);
    if (text === this.shown) return;
    this.shown = text;
    this.log(`${REWRITE}${text}`);
  }

  /** SummaryFormatter calls it on testRunFinished: the line gives way to the summary, as the dots do. */
  override logSummary(...args: Parameters<SummaryFormatter['logSummary']>): void {
    clearInterval(this.ticker);
    this.log(`${REWRITE}${fit(this.line.finalText(this.now()), this.stream)}\n\n`);
    super.logSummary(...args);
  }

  override async finished(): Promise<void> {
    clearInterval(this.ticker);
    await super.finished();
  }
}

/** A line longer than the terminal would wrap, and "\r" would then rewrite only its last part. */
function fit(text: string, stream: Writable): string {
  const columns = (stream as Writable & { columns?: number }).columns;
  return columns && text.length >= columns ? `${text.slice(0, Math.max(columns - 2, 1))}…` : text;
}

/**
 * The console format cucumber.js gives Cucumber: the progress line in a terminal; Cucumber's
 * `progress` (a dot per step, the same summary) when stdout is not a terminal (a pipe, a file, a
 * CI log, where "\r" would only pile up), when CI is set to anything but "false", and for the
 * manual adapter, whose operator prompts and countdown share the terminal.
 */
export function consoleFormat(env: NodeJS.ProcessEnv, stdoutIsTty: boolean, adapter: string | undefined, formatter: string): string {
  const ci = env.CI !== undefined && env.CI !== '' && env.CI.toLowerCase() !== 'false';
  return stdoutIsTty && !ci && adapter !== 'manual' ? formatter : 'progress';
}
