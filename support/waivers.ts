import type { Waiver } from './sut/sut-profile';
import type { Finding } from './verdict';

/**
 * Applies the lab's waivers: a FAIL of a waived sub-check no longer fails its requirement, and
 * says so with the recorded reason, so the report shows both what was seen and why it was let go.
 */
export function applyWaivers(findings: readonly Finding[], waivers: readonly Waiver[]): Finding[] {
  return findings.map((f) => {
    const waiver = waivers.find((w) => w.check === f.check);
    if (!waiver || f.verdict !== 'FAIL') return f;
    return { ...f, verdict: 'PASS', waived: waiver.reason, summary: `${f.summary} [WAIVED by the SUT profile: ${waiver.reason}]` };
  });
}
