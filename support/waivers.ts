import { isSubCheck, requirementsOfSubCheck, subChecksOf, TEST_BED_CHECKS } from './checks/sub-checks';
import { CATALOGUE } from './requirements';
import type { Finding } from './verdict';

/**
 * A lab's waiver, from the SUT profile: one sub-check of one requirement whose FAIL the lab lets
 * go for this client, with the reason on record (for example a release of OMA 7.1.1.1 other
 * than the one an uncertain sub-check encodes). The same sub-check name under another
 * requirement (ack-each-retransmission is RJ-05's and RB-04's) is not waived.
 */
export interface Waiver {
  /** The catalogue id, e.g. "RJ-01". */
  requirement: string;
  /** The sub-check name, as findings and docs/requirements.md give it, e.g. "oma-user-agent". */
  check: string;
  reason: string;
}

/** What a waived finding's summary ends with, so the report shows what was seen and why it was let go. */
export function waivedMark(reason: string): string {
  return ` [WAIVED by the SUT profile: ${reason}]`;
}

/**
 * Applies the lab's waivers: a FAIL of a waived (requirement, sub-check) no longer fails its
 * requirement, and says so with the recorded reason. PASS and INCONC findings are left as they
 * are: a waiver lets a rule go, it does not make a scenario that could not judge pass.
 */
export function applyWaivers(findings: readonly Finding[], waivers: readonly Waiver[]): Finding[] {
  return findings.map((f) => {
    if (f.verdict !== 'FAIL') return f;
    const waiver = waivers.find((w) => w.requirement === f.requirement && w.check === f.check);
    if (!waiver) return f;
    return { ...f, verdict: 'PASS', waived: waiver.reason, summary: `${f.summary}${waivedMark(waiver.reason)}` };
  });
}

/** A waived finding's summary as the check gave it (its FAIL), without the waiver's mark. */
export function unwaivedSummary(f: Finding): string {
  const mark = f.waived === undefined ? '' : waivedMark(f.waived);
  return mark && f.summary.endsWith(mark) ? f.summary.slice(0, -mark.length) : f.summary;
}

const EXAMPLE = '{"requirement": "RJ-01", "check": "oma-user-agent", "reason": "…"}';

/**
 * The profile's `waivers`, each validated against the catalogue of sub-checks: the requirement
 * is a catalogue id, the check one of its sub-checks, the reason says why. `fail(field,
 * problem)` throws the profile's one-line error, so a misspelled name stops the run instead of
 * silently waiving nothing.
 */
export function parseWaivers(raw: unknown, fail: (field: string, problem: string) => never): Waiver[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) return fail('waivers', `must be a list of waivers such as ${EXAMPLE}`);
  const waivers: Waiver[] = [];
  raw.forEach((entry: unknown, i) => {
    const at = `waivers[${i}]`;
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return fail(at, `must be an object such as ${EXAMPLE}`);
    const w = entry as Record<string, unknown>;
    const check = w.check;
    if (w.requirement === undefined) return fail(`${at}.requirement`, `is missing: ${missingRequirementFix(check)}`);
    const requirement = w.requirement;
    if (typeof requirement !== 'string' || subChecksOf(requirement) === undefined) {
      return fail(`${at}.requirement`, `is ${JSON.stringify(requirement)}, not a requirement id of the catalogue (${CATALOGUE.map((r) => r.id).join(', ')})`);
    }
    const names = subChecksOf(requirement)!;
    if (typeof check !== 'string' || check.length === 0) return fail(`${at}.check`, `must name a sub-check of ${requirement} (${names.join(', ')})`);
    if (!isSubCheck(requirement, check)) return fail(`${at}.check`, notASubCheck(requirement, check, names));
    const reason = w.reason;
    if (typeof reason !== 'string' || reason.trim().length === 0) return fail(`${at}.reason`, `must say why the lab waives ${requirement} ${check} (a non-empty string)`);
    const twice = waivers.findIndex((x) => x.requirement === requirement && x.check === check);
    if (twice >= 0) return fail(at, `waives ${requirement} ${check} a second time (waivers[${twice}] does already)`);
    waivers.push({ requirement, check, reason });
  });
  return waivers;
}

/** How to fix a waiver of the earlier form {"check", "reason"}: name the requirement too. */
function missingRequirementFix(check: unknown): string {
  const owners = typeof check === 'string' ? requirementsOfSubCheck(check) : [];
  if (owners.length === 1) return `a waiver names the requirement as well as the sub-check: "${check}" is a sub-check of ${owners[0]}, so add "requirement": "${owners[0]}"`;
  if (owners.length > 1) return `a waiver names the requirement as well as the sub-check: "${check}" is a sub-check of ${owners.join(' and ')}, so add "requirement" with the one to waive it for`;
  return `a waiver names the requirement and one of its sub-checks, e.g. ${EXAMPLE} (the sub-checks of each requirement: docs/requirements.md)`;
}

function notASubCheck(requirement: string, check: string, names: readonly string[]): string {
  if ((TEST_BED_CHECKS as readonly string[]).includes(check)) {
    return `is "${check}": the test bed's own verdicts (INCONC when a scenario could not judge, N/A from the ICS) cannot be waived`;
  }
  const owners = requirementsOfSubCheck(check);
  if (owners.length > 0) return `is "${check}", a sub-check of ${owners.join(' and ')}, not of ${requirement} (${requirement}'s sub-checks: ${names.join(', ')})`;
  const near = closest(check, names);
  return `is "${check}", not a sub-check of ${requirement}${near ? ` (did you mean "${near}"?)` : ''}; ${requirement}'s sub-checks: ${names.join(', ')}`;
}

/** The name within a few typing mistakes of `word`, if one is. */
function closest(word: string, names: readonly string[]): string | undefined {
  let best: { name: string; d: number } | undefined;
  for (const name of names) {
    const d = editDistance(word.toLowerCase(), name);
    if (!best || d < best.d) best = { name, d };
  }
  return best && best.d <= Math.max(2, Math.floor(best.name.length / 4)) ? best.name : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}
