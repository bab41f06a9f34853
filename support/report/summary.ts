import { CATALOGUE, gatesCompliance, type Strength } from '../requirements';
import type { Verdict } from '../verdict';
import type { Waiver } from '../waivers';
import type { MessageRecord } from './message-record';
import { worstVerdict } from './verdict-record';

/** One scenario's outcome for one requirement, as collected from a run. */
export interface ScenarioOutcome {
  /** Its stable test case id (SIMPLE_IM-1.0-con-RJ02-03; support/report/test-case-id.ts). */
  id: string;
  name: string;
  requirement: string;
  verdict: Verdict;
  reason: string;
}

/** A finding a waiver turned from FAIL to PASS, as collected from a scenario's verdict.json. */
export interface WaivedFinding {
  /** The scenario's test case id. */
  id: string;
  scenario: string;
  requirement: string;
  check: string;
  /** The reason of the waiver that turned it. */
  reason: string;
  /** The finding as the check gave it (its FAIL), without the waiver's mark. */
  finding: string;
  /** The scenario's verdict for the requirement once the waivers were applied. */
  scenarioVerdict: Verdict;
  messageSeq?: number;
}

/** What crossed the wire in one scenario, message by message (its messages.json). */
export interface ScenarioTrace {
  /** The scenario's test case id. */
  id: string;
  scenario: string;
  messages: MessageRecord[];
}

/** A waiver of the SUT profile and what it did in this run. */
export interface SummaryWaiver extends Waiver {
  /** The findings it turned from FAIL to PASS; empty when the run gave it nothing to waive. */
  turned: Array<Omit<WaivedFinding, 'requirement' | 'check' | 'reason'>>;
}

export interface Summary {
  suite: { name: string; version: string };
  sut: { name: string; version: string; adapter: string };
  requirements: Array<{
    id: string;
    strength: Strength;
    title: string;
    verdict: Verdict;
    reason: string;
    /** Its scenarios, each by test case id and name. */
    scenarios: Array<{ id: string; name: string; verdict: Verdict; reason: string }>;
  }>;
  /** Every waiver of the SUT profile, in its order, with the findings it turned from FAIL to PASS. */
  waivers: SummaryWaiver[];
  /**
   * Per scenario, in the order they ended, every message with its transport and, over TLS, the
   * connection and version that carried it (a failed TLS handshake with its reason).
   */
  traces: ScenarioTrace[];
}

export const NOT_IMPLEMENTED = 'not implemented';
export const NOT_SELECTED = 'not selected in this run';

/**
 * The machine-readable verdict of a run: one entry per catalogue id, in catalogue order. An id
 * no scenario judged stays visible as N/A: "not implemented" when no feature has a scenario for
 * it, "not selected in this run" when the run's --tags left its scenarios out.
 */
export function buildSummary(
  suite: Summary['suite'],
  sut: Summary['sut'],
  outcomes: readonly ScenarioOutcome[],
  withScenarios: ReadonlySet<string> = new Set(),
  waivers: { inForce: readonly Waiver[]; waived: readonly WaivedFinding[] } = { inForce: [], waived: [] },
  traces: readonly ScenarioTrace[] = [],
): Summary {
  const unknown = outcomes.filter((o) => !CATALOGUE.some((r) => r.id === o.requirement));
  const entries = CATALOGUE.map((r) => {
    const scenarios = outcomes.filter((o) => o.requirement === r.id).map(({ id, name, verdict, reason }) => ({ id, name, verdict, reason }));
    if (scenarios.length === 0) {
      return { id: r.id, strength: r.strength, title: r.title, verdict: 'N/A' as Verdict, reason: withScenarios.has(r.id) ? NOT_SELECTED : NOT_IMPLEMENTED, scenarios };
    }
    const verdict = worstVerdict(scenarios.map((s) => s.verdict));
    const first = scenarios.find((s) => s.verdict === verdict)!;
    // N/A everywhere: every distinct reason, so a machine's missing IPv6 shows beside an undeclared transport.
    const reason = verdict === 'N/A' ? [...new Set(scenarios.map((s) => s.reason))].join('; ') : first.reason;
    return { id: r.id, strength: r.strength, title: r.title, verdict, reason, scenarios };
  });
  if (unknown.length > 0) {
    // A tag outside the catalogue is a test-bed defect; keep it visible rather than drop it.
    throw new Error(`scenarios name requirements not in the catalogue: ${[...new Set(unknown.map((o) => o.requirement))].join(', ')}`);
  }
  return { suite, sut, requirements: entries, waivers: waiverRecord(waivers.inForce, waivers.waived), traces: [...traces] };
}

/**
 * Each waiver in force with the findings it turned. A waived finding no waiver of the profile
 * names (the file changed during the run) still gets an entry, with the reason it was waived for.
 */
function waiverRecord(inForce: readonly Waiver[], waived: readonly WaivedFinding[]): SummaryWaiver[] {
  const all: Waiver[] = [...inForce];
  for (const f of waived) {
    if (!all.some((w) => w.requirement === f.requirement && w.check === f.check)) all.push({ requirement: f.requirement, check: f.check, reason: f.reason });
  }
  return all.map((w) => ({
    requirement: w.requirement,
    check: w.check,
    reason: w.reason,
    turned: waived
      .filter((f) => f.requirement === w.requirement && f.check === w.check)
      .map(({ id, scenario, finding, scenarioVerdict, messageSeq }) => ({ id, scenario, finding, scenarioVerdict, ...(messageSeq !== undefined ? { messageSeq } : {}) })),
  }));
}

/** The sub-checks whose FAIL a waiver let go in requirement `id` in this run. */
export function waivedChecksOf(summary: Summary, id: string): string[] {
  return (summary.waivers ?? []).filter((w) => w.requirement === id && w.turned.length > 0).map((w) => w.check);
}

/** The summary's requirements that gate: the SHALL and COND ones of the catalogue, every one with `strict`. */
export function gatingRequirements(summary: Summary, strict = false): Summary['requirements'] {
  return summary.requirements.filter((r) => strict || CATALOGUE.some((c) => c.id === r.id && gatesCompliance(c)));
}

/**
 * The compliance gate: every applicable SHALL (and COND) requirement must PASS. With `strict`,
 * MAY and robustness requirements gate too (a FAIL or INCONC of any of them fails the run).
 */
export function gateFailures(summary: Summary, strict = false): string[] {
  const failed = gatingRequirements(summary, strict)
    .filter((r) => r.verdict === 'FAIL' || r.verdict === 'INCONC')
    .map((r) => `${r.id} ${r.strength} ${r.verdict}: ${r.reason}`);
  return [...failed, ...notJudged(summary).map((r) => `${r.id} ${r.strength} N/A: not judged, no scenario of it applied (${r.reason})`)];
}

/**
 * SHALL requirements whose scenarios ran and were all N/A: a SHALL applies to every client, so
 * N/A there means nothing of it could be judged (a transport or IP version the client did not
 * declare, a machine without IPv6), and a run cannot claim it passed on nothing.
 */
export function notJudged(summary: Summary): Summary['requirements'] {
  return summary.requirements.filter((r) => r.strength === 'SHALL' && r.scenarios.length > 0 && r.verdict === 'N/A');
}

/**
 * Gating requirements no scenario of this suite version judges yet. A run can only claim
 * compliance with the others, and says so.
 */
export function notCovered(summary: Summary): string[] {
  return gatingRequirements(summary)
    .filter((r) => r.scenarios.length === 0 && r.reason === NOT_IMPLEMENTED)
    .map((r) => r.id);
}

/** Gating requirements this run's selection (--tags) left out: the verdict does not cover them. */
export function notSelected(summary: Summary): string[] {
  return gatingRequirements(summary)
    .filter((r) => r.scenarios.length === 0 && r.reason === NOT_SELECTED)
    .map((r) => r.id);
}
