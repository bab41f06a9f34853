import { waivedChecksOf, type Summary } from './summary';

/**
 * The compliance matrix as `npm run conformance` prints it: one row per requirement (strength,
 * verdict, scenarios, first reason), then the SUT profile's waivers and what each let go.
 */
export function matrixText(summary: Summary): string {
  const rows = summary.requirements.map((r) => `  ${r.id.padEnd(6)} ${r.strength.padEnd(5)} ${r.verdict.padEnd(6)} ${String(r.scenarios.length).padStart(3)}  ${rowReason(summary, r)}`);
  const head = `\nCompliance matrix: ${summary.sut.name} ${summary.sut.version} (${summary.sut.adapter}), ${summary.suite.name} ${summary.suite.version}\n  id     kind  verdict  scn  reason\n${rows.join('\n')}`;
  return head + testCasesText(summary) + waiversText(summary);
}

/** The test cases that did not pass (FAIL, INCONC), by stable id, so a lab can name them in its report. */
function testCasesText(summary: Summary): string {
  const notPassed = summary.requirements.flatMap((r) => r.scenarios.filter((s) => s.verdict === 'FAIL' || s.verdict === 'INCONC').map((s) => ({ requirement: r.id, ...s })));
  if (notPassed.length === 0) return '';
  const lines = notPassed.map((s) => `  ${s.id} ${s.requirement} ${s.verdict.padEnd(6)} ${s.name}
      ${s.reason.split('\n')[0]}`);
  return `\n\nTest cases not passed (${notPassed.length}):\n${lines.join('\n')}`;
}

/** The reason a row shows: the first reason of a verdict other than PASS; for a PASS, the waivers it needed. */
export function rowReason(summary: Summary, r: Summary['requirements'][number]): string {
  if (r.verdict !== 'PASS') return r.reason.split('\n')[0];
  const waived = waivedChecksOf(summary, r.id);
  return waived.length > 0 ? `PASS with a waiver of ${waived.join(', ')} (see Waivers)` : '';
}

function waiversText(summary: Summary): string {
  const waivers = summary.waivers ?? [];
  if (waivers.length === 0) return '';
  const lines = waivers.flatMap((w) => {
    const head = `  ${w.requirement} ${w.check}: "${w.reason}"`;
    if (w.turned.length === 0) return [head, '    turned no FAIL to PASS in this run'];
    const scenarios = [...new Set(w.turned.map((t) => t.scenario))];
    return [head, `    turned ${w.turned.length} FAIL${w.turned.length === 1 ? '' : 's'} to PASS in ${scenarios.length} scenario${scenarios.length === 1 ? '' : 's'}:`, ...w.turned.map((t) => `      ${t.scenario}: ${t.finding.split('\n')[0]}`)];
  });
  return `\n\nWaivers of the SUT profile (${waivers.length}; a waived FAIL counts as PASS):\n${lines.join('\n')}`;
}
