import { runCheckCall, type CheckCall } from '../checks/registry';
import { uncataloguedProblem } from '../checks/sub-checks';
import type { EncodedCheckCall } from '../evidence/recorded-evidence';
import { findRequirement } from '../requirements';
import type { Finding } from '../verdict';
import { ConformanceFailure, Inconclusive } from '../verdict-errors';
import { applyWaivers, type Waiver } from '../waivers';

/**
 * How the scenario came by its findings, in order, for the evidence bundle: the checks it ran
 * (each call with its inputs, and what the checks found before the waivers), and what the test
 * bed observed without a check (a timeout's INCONC, an undeclared capability's N/A, a test-bed
 * error), which `npm run rejudge` carries over as recorded.
 */
export type JudgementEntry = { kind: 'check'; calls: EncodedCheckCall[]; findings: Finding[] } | { kind: 'observation'; findings: Finding[] };

/**
 * The scenario's verdicts: the requirements it is tagged with, the findings of its checks (the
 * profile's waivers applied) and the error that turns a FAIL or INCONC into the step's outcome.
 */
export class Judge {
  /** Requirement ids the scenario is tagged with (the Before hook sets them). */
  requirementIds: readonly string[] = [];
  readonly findings: Finding[] = [];
  readonly entries: JudgementEntry[] = [];

  constructor(
    private readonly waivers: readonly Waiver[],
    /** Called with every finding so far and the ones just judged, before the verdict is thrown. */
    private readonly onJudged: (findings: readonly Finding[], judged: readonly Finding[]) => void,
    /** A check call as the evidence keeps it (its messages by reference to the trace). */
    private readonly encode: (call: CheckCall) => EncodedCheckCall,
  ) {}

  /**
   * Runs the checks of `calls` on their inputs, judged together, and keeps each call for the
   * evidence; a FAIL or INCONC among their findings is the step's error.
   */
  judgeChecks(...calls: CheckCall[]): void {
    const encoded = calls.map(this.encode);
    const raw = calls.flatMap(runCheckCall);
    // A pair the catalogue of sub-checks lacks could not be waived: a defect of the suite, not of
    // the client. Its findings do not count, so the evidence does not keep them as judged.
    const uncatalogued = uncataloguedProblem(raw);
    if (uncatalogued) throw new Error(uncatalogued);
    this.entries.push({ kind: 'check', calls: encoded, findings: raw });
    this.judge(raw);
  }

  /** Findings of the test bed's own observation (no check gave them): kept, and carried by rejudge. */
  observe(findings: readonly Finding[]): void {
    this.findings.push(...findings);
    this.entries.push({ kind: 'observation', findings: [...findings] });
  }

  /** Records the findings of a check and turns a FAIL or INCONC among them into the step's error. */
  private judge(raw: Finding[]): void {
    const findings = applyWaivers(raw, this.waivers);
    this.findings.push(...findings);
    this.onJudged(this.findings, findings);
    const error = verdictError(findings);
    if (error) throw error;
  }

  /** Records INCONC for every requirement of the scenario and stops it. */
  inconclusive(reason: string): never {
    this.observe(this.requirementIds.map((requirement) => ({ requirement, check: 'test-bed', verdict: 'INCONC' as const, summary: `INCONC: ${reason}` })));
    throw inconclusiveError(reason);
  }

  /** Records N/A for every requirement of the scenario; the step then returns 'skipped'. */
  notApplicable(reason: string): 'skipped' {
    this.observe(this.requirementIds.map((requirement) => ({ requirement, check: 'applicability', verdict: 'N/A' as const, summary: `N/A: ${reason}` })));
    return 'skipped';
  }
}

/**
 * The step's error for a judged set of findings: a FAIL among them fails the step, else an
 * INCONC breaks it. The messages are what the report's categories (cucumber.js) sort by: a FAIL's
 * first line names the strengths and ids ("SHALL requirement RJ-01 FAIL"), an INCONC starts with
 * its finding ("RJ-07 INCONC: …", one paragraph per finding).
 */
export function verdictError(findings: readonly Finding[]): Error | undefined {
  const failed = findings.filter((f) => f.verdict === 'FAIL');
  if (failed.length > 0) {
    const ids = [...new Set(failed.map((f) => f.requirement))];
    const strengths = [...new Set(ids.map((id) => findRequirement(id)?.strength ?? '?'))].join('/');
    return new ConformanceFailure(`${strengths} requirement ${ids.join(', ')} FAIL\n${failed.map(describeFinding).join('\n\n')}`);
  }
  const inconc = findings.filter((f) => f.verdict === 'INCONC');
  return inconc.length > 0 ? new Inconclusive(inconc.map(describeFinding).join('\n\n')) : undefined;
}

/** The scenario's own INCONC, for a scenario that never got to judge: "INCONC: <reason>". */
export function inconclusiveError(reason: string): Inconclusive {
  return new Inconclusive(`INCONC: ${reason}`);
}

export function describeFinding(f: Finding): string {
  const lines = [f.summary];
  if (f.expected !== undefined) lines.push(`  expected: ${f.expected}`);
  if (f.seen !== undefined) lines.push(`  seen:     ${f.seen}`);
  if (f.line) lines.push(`  line ${f.line.number}${f.messageSeq !== undefined ? ` of message #${f.messageSeq}` : ''}: ${f.line.text}`);
  return lines.join('\n');
}
