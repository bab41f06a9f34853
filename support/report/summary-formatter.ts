import { Formatter, type IFormatterOptions } from '@cucumber/cucumber';
import { SUITE } from '../project';
import { requirementIdsOf } from '../requirements';
import { loadSutProfile } from '../sut/sut-profile';
import type { Verdict } from '../verdict';
import { requirementsWithScenarios } from './feature-index';
import { unwaivedSummary } from '../waivers';
import { MESSAGES_FILE_NAME, type MessageRecord } from './message-record';
import { buildSummary, type ScenarioOutcome, type ScenarioTrace, type WaivedFinding } from './summary';
import { testCaseIdOf, type GherkinDocumentLike } from './test-case-id';
import { VERDICT_FILE_NAME, type VerdictRecord } from './verdict-record';

// The few envelope fields this formatter reads (the full types live in @cucumber/messages).
interface StepResult {
  status: string;
  message?: string;
  exception?: { type: string; message?: string };
}
interface Envelope {
  gherkinDocument?: GherkinDocumentLike & { uri?: string };
  pickle?: { id: string; uri: string; name: string; tags: Array<{ name: string }>; astNodeIds: string[] };
  testCase?: { id: string; pickleId: string };
  testCaseStarted?: { id: string; testCaseId: string };
  attachment?: { testCaseStartedId?: string; body: string; fileName?: string; contentEncoding?: string };
  testStepFinished?: { testCaseStartedId: string; testStepResult: StepResult };
  testCaseFinished?: { testCaseStartedId: string; willBeRetried: boolean };
  testRunFinished?: unknown;
}

const STATUS_RANK = ['UNKNOWN', 'PASSED', 'SKIPPED', 'PENDING', 'UNDEFINED', 'AMBIGUOUS', 'FAILED'];

/**
 * Writes reports/summary.json: reads each scenario's `verdict.json` attachment and, where a
 * scenario never got that far, derives its verdict from how Cucumber saw it end; and its
 * `messages.json`, the messages that crossed the wire (summary.json's `traces`).
 */
export default class SummaryFormatter extends Formatter {
  static override readonly documentation = 'Writes the compliance summary (summary.json) of a conformance run';

  private readonly documents = new Map<string, GherkinDocumentLike>();
  private readonly pickles = new Map<string, { id?: string; name: string; tags: string[] }>();
  private readonly testCases = new Map<string, string>();
  private readonly started = new Map<string, string>();
  private readonly records = new Map<string, VerdictRecord>();
  private readonly worst = new Map<string, StepResult>();
  private readonly outcomes: ScenarioOutcome[] = [];
  private readonly waived: WaivedFinding[] = [];
  private readonly messages = new Map<string, MessageRecord[]>();
  private readonly traces: ScenarioTrace[] = [];

  constructor(options: IFormatterOptions) {
    super(options);
    options.eventBroadcaster.on('envelope', (e: Envelope) => this.onEnvelope(e));
  }

  private onEnvelope(e: Envelope): void {
    if (e.gherkinDocument?.uri) this.documents.set(e.gherkinDocument.uri, e.gherkinDocument);
    if (e.pickle) this.pickles.set(e.pickle.id, { id: testCaseIdOf(e.pickle, this.documents.get(e.pickle.uri)), name: e.pickle.name, tags: e.pickle.tags.map((t) => t.name) });
    if (e.testCase) this.testCases.set(e.testCase.id, e.testCase.pickleId);
    if (e.testCaseStarted) this.started.set(e.testCaseStarted.id, e.testCaseStarted.testCaseId);
    if (e.attachment?.fileName === VERDICT_FILE_NAME && e.attachment.testCaseStartedId) {
      this.records.set(e.attachment.testCaseStartedId, JSON.parse(attachmentText(e.attachment)) as VerdictRecord);
    }
    if (e.attachment?.fileName === MESSAGES_FILE_NAME && e.attachment.testCaseStartedId) {
      this.messages.set(e.attachment.testCaseStartedId, JSON.parse(attachmentText(e.attachment)) as MessageRecord[]);
    }
    if (e.testStepFinished) {
      const { testCaseStartedId: id, testStepResult: r } = e.testStepFinished;
      const prev = this.worst.get(id);
      if (!prev || STATUS_RANK.indexOf(r.status) > STATUS_RANK.indexOf(prev.status)) this.worst.set(id, r);
    }
    if (e.testCaseFinished && !e.testCaseFinished.willBeRetried) this.onScenarioEnd(e.testCaseFinished.testCaseStartedId);
    if (e.testRunFinished) this.onRunEnd();
  }

  private onScenarioEnd(startedId: string): void {
    const pickle = this.pickles.get(this.testCases.get(this.started.get(startedId) ?? '') ?? '');
    if (!pickle) return;
    const messages = this.messages.get(startedId);
    const id = pickle.id ?? '';
    if (messages && messages.length > 0) this.traces.push({ id, scenario: pickle.name, messages });
    const record = this.records.get(startedId);
    if (record) {
      for (const v of record.verdicts) this.outcomes.push({ id, name: pickle.name, ...v });
      for (const f of record.findings.filter((x) => x.waived !== undefined)) {
        const scenarioVerdict = record.verdicts.find((v) => v.requirement === f.requirement)?.verdict ?? 'PASS';
        this.waived.push({ id, scenario: pickle.name, requirement: f.requirement, check: f.check, reason: f.waived!, finding: unwaivedSummary(f), scenarioVerdict, messageSeq: f.messageSeq });
      }
      return;
    }
    const { verdict, reason } = fallbackVerdict(this.worst.get(startedId));
    for (const requirement of requirementIdsOf(pickle.tags)) this.outcomes.push({ id, name: pickle.name, requirement, verdict, reason });
  }

  private onRunEnd(): void {
    const profile = loadSutProfile();
    const sut = { name: profile.name, version: profile.version, adapter: profile.adapter };
    const summary = buildSummary(SUITE, sut, this.outcomes, requirementsWithScenarios(), { inForce: profile.waivers, waived: this.waived }, this.traces);
    this.log(JSON.stringify(summary, null, 2) + '\n');
  }
}

function attachmentText(a: NonNullable<Envelope['attachment']>): string {
  return a.contentEncoding === 'BASE64' ? Buffer.from(a.body, 'base64').toString('utf8') : a.body;
}

/** A scenario that ended before its After hook could record a verdict: a test-bed problem. */
function fallbackVerdict(result: StepResult | undefined): { verdict: Verdict; reason: string } {
  if (!result) return { verdict: 'INCONC', reason: 'test-bed error: the scenario ran no step' };
  const firstLine = (result.exception?.message ?? result.message ?? '').split('\n')[0];
  switch (result.status) {
    case 'SKIPPED':
      return { verdict: 'N/A', reason: 'skipped' };
    case 'UNDEFINED':
      return { verdict: 'INCONC', reason: 'test-bed error: a step has no definition' };
    case 'AMBIGUOUS':
      return { verdict: 'INCONC', reason: 'test-bed error: a step matches several definitions' };
    case 'FAILED':
      return { verdict: 'INCONC', reason: `test-bed error: ${firstLine}` };
    default:
      return { verdict: 'INCONC', reason: `test-bed error: the scenario recorded no verdict (status ${result.status})` };
  }
}
