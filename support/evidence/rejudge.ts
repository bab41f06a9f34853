import { isDeepStrictEqual } from 'node:util';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isCheckName, runCheckCall } from '../checks/registry';
import { uncataloguedProblem } from '../checks/sub-checks';
import { suiteStamp, type SuiteIdentity } from '../report/suite-identity';
import { gateFailures, type Summary } from '../report/summary';
import { verdictsFromFindings, worstVerdict, type RequirementVerdict } from '../report/verdict-record';
import type { Finding, Verdict } from '../verdict';
import { applyWaivers, type Waiver } from '../waivers';
import { verifyManifest, type Manifest } from './manifest';
import { decodeCheckCall, recordedMessageOf } from './recorded-evidence';
import { EVIDENCE_DIR, SCENARIO_EVIDENCE_FORMAT, SCENARIOS_DIR, type ScenarioEvidence } from './scenario-evidence';

/** One scenario judged again: its verdicts as recorded and as this suite gives them. */
export interface RejudgedScenario {
  id: string;
  name: string;
  recorded: RequirementVerdict[];
  rejudged: RequirementVerdict[];
  checkCalls: number;
  messages: number;
  /** Each verdict that differs, in words. */
  verdictChanges: string[];
  /** Findings that differ although the verdicts do not (a reworded reason, another line). */
  findingChanges: string[];
}

export interface RejudgeResult {
  /** Set when the bundle was refused (its manifest does not match); nothing was judged. */
  refused?: string[];
  manifest?: Manifest;
  thisSuite: Omit<SuiteIdentity, 'files'>;
  /** Whether this suite's features and checks are those that judged the run (the same digest). */
  sameSuite: boolean;
  scenarios: RejudgedScenario[];
  /** Verdicts of summary.json (per requirement, and the global statement) that the re-judged scenarios do not give. */
  summaryChanges: string[];
  /** summary.json's scenarios that have no evidence (they ended before recording a verdict): carried, not re-judged. */
  withoutEvidence: string[];
  /** The global statement the re-judged verdicts give (the run's --strict applied), with the requirements that fail it. */
  statement?: { text: 'COMPLIANT' | 'NOT COMPLIANT'; failures: string[] };
}

/**
 * Runs the checks again on the recorded messages of a reports folder, with no client and no
 * network: each check call of each scenario on the same inputs, the run's waivers applied, the
 * test bed's own observations (a timeout's INCONC, an N/A) carried as recorded. Refuses a
 * folder whose manifest does not match.
 */
export function rejudgeBundle(reportsDir: string): RejudgeResult {
  const thisSuite = suiteStamp();
  const { manifest, problems } = verifyManifest(reportsDir);
  const refused = (why: string[]): RejudgeResult => ({ refused: why, manifest, thisSuite, sameSuite: false, scenarios: [], summaryChanges: [], withoutEvidence: [] });
  if (problems.length > 0 || !manifest) return refused(problems);
  const dir = path.join(reportsDir, EVIDENCE_DIR, SCENARIOS_DIR);
  const scenarios = (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort() : []).map((f) => {
    const evidence = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as ScenarioEvidence;
    if (evidence.format !== SCENARIO_EVIDENCE_FORMAT) throw new Error(`${f} is not of the format ${SCENARIO_EVIDENCE_FORMAT}`);
    return rejudgeScenario(evidence, manifest.waivers);
  });
  const summary = JSON.parse(fs.readFileSync(path.join(reportsDir, 'summary.json'), 'utf8')) as Summary;
  // The manifest is not hashed: what it says of the run must agree with what is (summary.json is).
  const sut = (x: { name: string; version: string; adapter: string }): string => `${x.name} ${x.version} (${x.adapter})`;
  if (sut(manifest.sut) !== sut(summary.sut)) {
    return refused([`the manifest names the SUT ${sut(manifest.sut)}, summary.json ${sut(summary.sut)}`]);
  }
  const { changes, withoutEvidence, statement } = compareWithSummary(summary, scenarios, manifest.strict === true);
  return { manifest, thisSuite, sameSuite: manifest.suite.digest === thisSuite.digest, scenarios, summaryChanges: changes, withoutEvidence, statement };
}

export function rejudgeScenario(evidence: ScenarioEvidence, waivers: readonly Waiver[]): RejudgedScenario {
  const messages = new Map(evidence.messages.map((m) => [m.seq, recordedMessageOf(m)]));
  const findings: Finding[] = [];
  const findingChanges: string[] = [];
  let checkCalls = 0;
  for (const entry of evidence.judgements) {
    if (entry.kind === 'observation') {
      findings.push(...entry.findings);
      continue;
    }
    checkCalls += entry.calls.length;
    let raw: Finding[];
    try {
      raw = entry.calls.flatMap((call) => {
        if (!isCheckName(call.check)) throw new Error(`this suite has no check "${call.check}"`);
        return runCheckCall(decodeCheckCall(call, messages));
      });
      // As in the run (support/scenario/judge.ts): a pair the catalogue lacks is not judged.
      const uncatalogued = uncataloguedProblem(raw);
      if (uncatalogued) throw new Error(uncatalogued);
    } catch (e) {
      // A check this suite cannot run on the record: INCONC, naming why, never a crash.
      const reason = `INCONC: rejudge could not run ${entry.calls.map((c) => c.check).join(', ')}: ${(e as Error).message}`;
      raw = evidence.requirementIds.map((requirement) => ({ requirement, check: 'rejudge', verdict: 'INCONC' as const, summary: reason }));
    }
    // Compared as the evidence holds them (JSON), so an absent field equals an undefined one.
    const now = JSON.parse(JSON.stringify(raw)) as Finding[];
    if (!isDeepStrictEqual(now, entry.findings)) findingChanges.push(...describeFindingChanges(entry.findings, now));
    findings.push(...applyWaivers(raw, waivers));
  }
  const rejudged = verdictsFromFindings(evidence.requirementIds, findings);
  const recorded = evidence.verdict.verdicts;
  const verdictChanges = [...new Set([...recorded, ...rejudged].map((v) => v.requirement))].flatMap((requirement) => {
    const was = recorded.find((v) => v.requirement === requirement);
    const now = rejudged.find((v) => v.requirement === requirement);
    if (was?.verdict === now?.verdict) return [];
    return [`${requirement}: the run gave ${was?.verdict ?? 'nothing'}, this suite gives ${now?.verdict ?? 'nothing'}${now ? ` (${now.reason.split('\n')[0]})` : ''}`];
  });
  return { id: evidence.id, name: evidence.name, recorded, rejudged, checkCalls, messages: evidence.messages.length, verdictChanges, findingChanges };
}

function describeFindingChanges(was: readonly Finding[], now: readonly Finding[]): string[] {
  const key = (f: Finding): string => `${f.requirement} ${f.check}`;
  const out: string[] = [];
  for (const f of now) {
    const before = was.find((w) => key(w) === key(f));
    if (!before) out.push(`${key(f)}: new finding ${f.verdict}: ${f.summary.split('\n')[0]}`);
    else if (!isDeepStrictEqual(before, f)) out.push(`${key(f)}: was "${before.summary.split('\n')[0]}", now "${f.summary.split('\n')[0]}"`);
  }
  for (const w of was) if (!now.some((f) => key(f) === key(w))) out.push(`${key(w)}: no longer given (was ${w.verdict})`);
  return out;
}

/** summary.json's per-requirement verdicts and global statement, against the re-judged scenarios. */
function compareWithSummary(summary: Summary, scenarios: readonly RejudgedScenario[], strict: boolean): { changes: string[]; withoutEvidence: string[]; statement: NonNullable<RejudgeResult['statement']> } {
  const byId = new Map(scenarios.map((s) => [s.id, s]));
  const withoutEvidence: string[] = [];
  const changes: string[] = [];
  const rebuilt: Summary = {
    ...summary,
    requirements: summary.requirements.map((r) => {
      const rows = r.scenarios.map((s) => {
        const again = byId.get(s.id)?.rejudged.find((v) => v.requirement === r.id);
        if (!again) {
          withoutEvidence.push(`${s.id || '(no id)'} ${r.id} ${s.verdict}: ${s.reason.split('\n')[0]}`);
          return s;
        }
        return { ...s, verdict: again.verdict, reason: again.reason };
      });
      const verdict: Verdict = rows.length === 0 ? r.verdict : worstVerdict(rows.map((s) => s.verdict));
      if (verdict !== r.verdict) changes.push(`${r.id} ${r.strength}: summary.json says ${r.verdict}, the re-judged scenarios give ${verdict}`);
      return { ...r, verdict, scenarios: rows };
    }),
  };
  const statement = (s: Summary): 'COMPLIANT' | 'NOT COMPLIANT' => (gateFailures(s, strict).length === 0 ? 'COMPLIANT' : 'NOT COMPLIANT');
  if (statement(rebuilt) !== statement(summary)) changes.push(`the run was ${statement(summary)}, the re-judged verdicts make it ${statement(rebuilt)}`);
  for (const s of scenarios) if (!summary.requirements.some((r) => r.scenarios.some((x) => x.id === s.id))) changes.push(`${s.id} has evidence but is not in summary.json`);
  return { changes, withoutEvidence, statement: { text: statement(rebuilt), failures: gateFailures(rebuilt, strict) } };
}
