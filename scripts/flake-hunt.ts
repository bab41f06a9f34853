/**
 * npm run flake-hunt -- [--runs N] [cucumber options]
 *
 * Runs the whole suite N times (default 10) against the reference client, alternating serial
 * runs and --parallel 2, and reports every scenario whose verdict changed from the first run.
 * Exit code 1 if any did: a conformance gate must never flake.
 */
import { runSuite, scenarioVerdicts } from './suite-run';

function main(argv: string[]): number {
  const args = [...argv];
  let runs = 10;
  const at = args.indexOf('--runs');
  if (at >= 0) {
    runs = Number(args[at + 1]);
    args.splice(at, 2);
    if (!Number.isInteger(runs) || runs < 1) {
      console.error('usage: npm run flake-hunt -- [--runs N] [cucumber options]');
      return 2;
    }
  }
  let baseline: Map<string, string> | undefined;
  const changes: string[] = [];
  for (let i = 1; i <= runs; i++) {
    const mode = i % 2 === 1 ? [] : ['--parallel', '2'];
    const run = runSuite([...mode, ...args]);
    if (!run.summary) {
      console.error(`run ${i}: no summary (exit ${run.exitCode})\n${run.output.slice(-2000)}`);
      return 2;
    }
    const verdicts = scenarioVerdicts(run.summary);
    baseline ??= verdicts;
    for (const [scenario, verdict] of verdicts) {
      if (baseline.get(scenario) !== verdict) changes.push(`run ${i} (${mode.length ? 'parallel 2' : 'serial'}): ${scenario}: ${baseline.get(scenario) ?? 'absent'} -> ${verdict}`);
    }
    for (const scenario of baseline.keys()) if (!verdicts.has(scenario)) changes.push(`run ${i}: ${scenario}: missing`);
    console.log(`run ${i}/${runs} (${mode.length ? 'parallel 2' : 'serial'}): ${verdicts.size} scenarios, ${Math.round(run.wallMs)} ms, ${changes.length} change(s) so far`);
  }
  console.log(changes.length === 0 ? `No verdict changed in ${runs} runs.` : `Verdicts changed:\n${changes.join('\n')}`);
  return changes.length === 0 ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
