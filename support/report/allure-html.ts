import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FEATURE } from './allure-metadata';

/**
 * allure-cucumberjs always labels a test with its Gherkin feature name; the suite labels it with
 * the clause at run time too. Allure's Behaviors tab must group by the clause alone, so the
 * Gherkin one is dropped from the results before the report is built.
 */
export function keepClauseAsFeature(resultsDir: string): void {
  for (const file of fs.readdirSync(resultsDir).filter((f) => f.endsWith('-result.json'))) {
    const full = path.join(resultsDir, file);
    const result = JSON.parse(fs.readFileSync(full, 'utf8')) as { labels?: Array<{ name: string; value: string }> };
    if (!result.labels?.some((l) => l.name === 'feature' && l.value === FEATURE)) continue;
    result.labels = result.labels.filter((l) => l.name !== 'feature' || l.value === FEATURE);
    fs.writeFileSync(full, JSON.stringify(result));
  }
}

export function javaAvailable(): boolean {
  return spawnSync('java', ['-version'], { stdio: 'ignore' }).status === 0;
}

/**
 * One self-contained HTML file (--single-file opens from disk; a multi-file report cannot be
 * fetched from file://), with Allure's analytics script left out. `singleFile: false` writes the
 * report's data files too (data/categories.json, …), for the project's tests to read.
 */
export function generateAllureHtml(resultsDir: string, outDir: string, o: { singleFile?: boolean } = {}): { ok: boolean; output: string; ms: number } {
  const started = Date.now();
  // Resolved as a module: in an installed suite npm puts allure-commandline beside it, not under it.
  const bin = path.join(path.dirname(require.resolve('allure-commandline/package.json')), 'bin', 'allure');
  const run = spawnSync(process.execPath, [bin, 'generate', resultsDir, '-o', outDir, '--clean', ...(o.singleFile === false ? [] : ['--single-file'])], {
    env: { ...process.env, ALLURE_NO_ANALYTICS: 'true' },
    encoding: 'utf8',
  });
  return { ok: run.status === 0, output: `${run.stdout ?? ''}${run.stderr ?? ''}${run.error?.message ?? ''}`, ms: Date.now() - started };
}
