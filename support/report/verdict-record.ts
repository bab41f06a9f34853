import type { Finding, Verdict } from '../verdict';

/** The verdict of one scenario for one requirement, as the summary and the report show it. */
export interface RequirementVerdict {
  requirement: string;
  verdict: Verdict;
  reason: string;
}

/** What a scenario attaches as `verdict.json`: its verdicts and the findings behind them. */
export interface VerdictRecord {
  verdicts: RequirementVerdict[];
  findings: Finding[];
}

export const VERDICT_FILE_NAME = 'verdict.json';

const RANK: Record<Verdict, number> = { FAIL: 3, INCONC: 2, PASS: 1, 'N/A': 0 };

/** FAIL outweighs INCONC, which outweighs PASS, which outweighs N/A. */
export function worstVerdict(verdicts: readonly Verdict[]): Verdict {
  return verdicts.reduce<Verdict>((worst, v) => (RANK[v] > RANK[worst] ? v : worst), 'N/A');
}

/**
 * One verdict per requirement from a scenario's findings. A requirement the scenario is tagged
 * with but no check judged is INCONC: a scenario must never pass by judging nothing.
 */
export function verdictsFromFindings(requirementIds: readonly string[], findings: readonly Finding[]): RequirementVerdict[] {
  const ids = [...new Set([...requirementIds, ...findings.map((f) => f.requirement)])];
  return ids.map((id) => {
    const own = findings.filter((f) => f.requirement === id);
    if (own.length === 0) return { requirement: id, verdict: 'INCONC', reason: `no check judged ${id} in this scenario` };
    const verdict = worstVerdict(own.map((f) => f.verdict));
    const deciding = own.find((f) => f.verdict === verdict)!;
    return { requirement: id, verdict, reason: deciding.summary };
  });
}
