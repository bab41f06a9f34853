/**
 * npm run rejudge -- <reports dir>
 *
 * Judges a run again from its evidence bundle (<reports dir>/evidence/), with no client and no
 * network: every check on the recorded messages it was given. Exit 0: every verdict reproduced;
 * 1: some verdict differs, or could not be re-judged (a scenario without evidence) (this suite's features or checks differ from the run's, or, with the
 * same ones, the run is not reproduced); 2: the bundle was refused (its manifest does not match)
 * or cannot be read.
 */
import { Command } from 'commander';
import * as path from 'node:path';
import type { Writable } from 'node:stream';
import { rejudgeBundle, type RejudgeResult } from '../support/evidence/rejudge';
import { runMain } from '../support/cli/run-command';

export function rejudgeText(dir: string, r: RejudgeResult): { text: string; code: number } {
  const lines: string[] = [];
  if (r.refused) {
    lines.push(`REFUSED: ${dir} does not match its manifest, so it is not the evidence the run wrote:`, ...r.refused.map((p) => `  ${p}`));
    return { text: lines.join('\n'), code: 2 };
  }
  const m = r.manifest!;
  const who = (s: { name: string; version: string; commit: string; digest: string }): string => `${s.name} ${s.version} (commit ${s.commit}, features and checks ${s.digest.slice(0, 12)})`;
  lines.push(`Bundle: ${dir}: ${m.files.length} files, each matching its SHA-256 in the manifest. SUT: ${m.sut.name} ${m.sut.version} (${m.sut.adapter}).`);
  lines.push(`Judged by ${who(m.suite)} on ${m.created}.`);
  lines.push(r.sameSuite ? `Re-judged by the same features and checks: ${who(r.thisSuite)}.` : `Re-judged by ANOTHER suite: ${who(r.thisSuite)}; differences below are what this version judges differently.`);
  const calls = r.scenarios.reduce((n, s) => n + s.checkCalls, 0);
  const messages = r.scenarios.reduce((n, s) => n + s.messages, 0);
  const changed = r.scenarios.filter((s) => s.verdictChanges.length > 0);
  const reworded = r.scenarios.filter((s) => s.verdictChanges.length === 0 && s.findingChanges.length > 0);
  for (const s of changed) lines.push(`  ${s.id} ${s.name}`, ...s.verdictChanges.map((c) => `    ${c}`), ...s.findingChanges.map((c) => `      finding ${c}`));
  for (const s of reworded) lines.push(`  ${s.id}: same verdicts, other findings`, ...s.findingChanges.map((c) => `      finding ${c}`));
  for (const c of r.summaryChanges) lines.push(`  summary: ${c}`);
  if (r.withoutEvidence.length > 0) lines.push(`Not re-judged (no evidence: the scenario ended before it recorded a verdict), carried from summary.json:`, ...r.withoutEvidence.map((w) => `  ${w}`));
  if (r.statement) lines.push(`Re-judged statement${m.strict ? ' (--strict, as the run)' : ''}: ${r.statement.text}${r.statement.failures.length > 0 ? `: ${r.statement.failures.map((f) => f.split(':')[0]).join(', ')}` : ''}.`);
  const head = `Re-judged ${r.scenarios.length} scenarios, ${calls} check calls on ${messages} recorded messages, with no client and no network`;
  if (changed.length === 0 && r.summaryChanges.length === 0 && r.withoutEvidence.length === 0) {
    lines.push(`${head}: every verdict reproduced${reworded.length > 0 ? ` (${reworded.length} scenario(s) with other findings, same verdicts)` : ''}.`);
    return { text: lines.join('\n'), code: 0 };
  }
  if (changed.length === 0 && r.summaryChanges.length === 0) {
    lines.push(`${head}: the verdicts re-judged are reproduced, but ${r.withoutEvidence.length} verdict(s) above were carried, not re-judged.`);
    return { text: lines.join('\n'), code: 1 };
  }
  const what = r.sameSuite ? 'NOT REPRODUCED although the features and checks are the same' : 'this suite version judges them differently';
  lines.push(`${head}: ${changed.length} scenario(s) with another verdict: ${what}.`);
  return { text: lines.join('\n'), code: 1 };
}

export function rejudge(argv: string[], out: Writable = process.stdout, err: Writable = process.stderr): number {
  if (argv.length !== 1 || argv[0].startsWith('-')) {
    err.write('usage: npm run rejudge -- <reports dir>   (the folder npm run conformance wrote: reports/ by default)\n');
    return 2;
  }
  const dir = path.resolve(argv[0]);
  try {
    const { text, code } = rejudgeText(argv[0], rejudgeBundle(dir));
    (code === 2 ? err : out).write(`${text}\n`);
    return code;
  } catch (e) {
    err.write(`REFUSED: ${argv[0]} cannot be read as an evidence bundle: ${(e as Error).message}\n`);
    return 2;
  }
}

/** `simple-im-conformance rejudge <dir>`: the same, as a subcommand of the installed suite's bin. */
export function rejudgeCommand(): Command {
  return new Command('rejudge')
    .description('judge a run again from its evidence bundle, with no client and no network (exit 0: every verdict reproduced, 1: not, 2: the bundle was refused)')
    .argument('<dir>', 'the reports folder a run wrote (reports/ by default)')
    .action((dir: string) => void (process.exitCode = rejudge([dir])));
}

if (require.main === module) runMain(() => rejudge(process.argv.slice(2)));
