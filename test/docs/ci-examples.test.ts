import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { parseAllDocuments, parse } from 'yaml';
import { campaignCommand, splitRunArgs } from '../../scripts/campaign';
import { campaignMergeCommand } from '../../scripts/campaign-merge';
import { PROJECT_ROOT } from '../../support/project';

/**
 * The CI examples of docs/campaign.md (ci/github-actions.yml, ci/gitlab-ci.yml, the Kubernetes
 * Jobs in the doc itself) parse as YAML, have the keys their engines need, and call the
 * campaign with options it has, its shards covering the profile list they name.
 */
type Yaml = Record<string, unknown>;
const read = (file: string): Yaml => parse(fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8')) as Yaml;

/** The options a `npm run campaign -- …` or `campaign:merge -- …` line gives, checked against the command's own. */
function optionsOf(line: string): { script: string; options: Record<string, string | true>; operands: string[] } {
  const m = /(?:npm run (campaign(?::merge)?) --|node bin\/simple-im-conformance\.js (campaign(?:-merge)?)) (.*?)(?:\s*\|\|.*)?$/.exec(line);
  assert.ok(m, `no campaign command in: ${line}`);
  const [, npmScript, binCommand, rest] = m;
  const script = npmScript ?? (binCommand === 'campaign' ? 'campaign' : 'campaign:merge');
  // Words as the shell (and, before it, the CI engine's ${{ }}) sees them: a quoted word is one.
  const words = (rest.match(/"[^"]*"|(?:\$\{\{.*?\}\}|[^\s$])(?:\$\{\{.*?\}\}|\S)*|\S+/g) ?? []).map((w) => w.replace(/^"|"$/g, ''));
  const command = script === 'campaign' ? campaignCommand([]) : campaignMergeCommand();
  const known = new Map(command.options.map((o) => [o.long!, o]));
  const options: Record<string, string | true> = {};
  const operands: string[] = [];
  const { own } = splitRunArgs(words);
  for (let i = 0; i < own.length; i++) {
    const option = known.get(own[i]);
    if (own[i].startsWith('--')) assert.ok(option, `${script} has no option ${own[i]} (${line})`);
    if (option?.required) options[own[i]] = own[++i];
    else if (option) options[own[i]] = true;
    else operands.push(own[i]);
  }
  return { script, options, operands };
}

const steps = (job: Yaml): Yaml[] => job.steps as Yaml[];
const runs = (job: Yaml): string[] => steps(job).map((s) => s.run as string | undefined).filter((r): r is string => Boolean(r));

test('ci/github-actions.yml: a matrix of shards over every profile, each uploading its folder, and a merge job', () => {
  const wf = read('ci/github-actions.yml');
  assert.ok(wf.on && wf.jobs, 'a workflow has "on" and "jobs"');
  const { sut, merge } = wf.jobs as Record<string, Yaml>;
  const profiles = ((wf.env as Yaml).PROFILES as string).split(/\s+/);
  for (const p of profiles) assert.ok(fs.existsSync(path.join(PROJECT_ROOT, p)), p);
  assert.ok(sut['runs-on'] && merge['runs-on']);
  const strategy = sut.strategy as { 'fail-fast': boolean; matrix: { shard: number[] } };
  assert.equal(strategy['fail-fast'], false);
  assert.deepEqual(strategy.matrix.shard, profiles.map((_, i) => i + 1));
  const shardRun = optionsOf(runs(sut).find((r) => r.includes('npm run campaign'))!);
  assert.equal(shardRun.options['--shard'], '${{ matrix.shard }}/${{ strategy.job-total }}');
  assert.deepEqual(shardRun.operands, ['$PROFILES']);
  const upload = steps(sut).find((s) => String(s.uses).startsWith('actions/upload-artifact@'))!;
  assert.equal((upload.with as Yaml).path, `${shardRun.options['--out'] as string}/`);
  assert.equal(upload.if, '${{ !cancelled() }}');
  assert.equal(merge.needs, 'sut');
  const download = steps(merge).find((s) => String(s.uses).startsWith('actions/download-artifact@'))!;
  const mergeRun = optionsOf(runs(merge).find((r) => r.includes('campaign:merge'))!);
  assert.deepEqual(mergeRun.operands, [`${(download.with as Yaml).path as string}/*`]);
  assert.ok(String((download.with as Yaml).pattern).startsWith('campaign-') && String((upload.with as Yaml).name).startsWith('campaign-'));
  // The Trends survive the runners: each SUT's history under its run, the campaign's under --out.
  // actions/cache saves only after a successful job (post-if: success()): restore and save apart,
  // the save whatever the gate gave, or a campaign that finds a non-compliant SUT loses its Trend.
  const cacheSteps = (job: Yaml, action: string): Yaml[] => steps(job).filter((s) => String(s.uses).startsWith(`actions/cache/${action}@`));
  assert.ok(!steps(sut).concat(steps(merge)).some((s) => String(s.uses).startsWith('actions/cache@')), 'no save-on-success-only actions/cache');
  for (const [job, where] of [[sut, `${shardRun.options['--out'] as string}/runs/*/history`], [merge, `${mergeRun.options['--out'] as string}/history`]] as const) {
    const [restore] = cacheSteps(job, 'restore');
    const [save] = cacheSteps(job, 'save');
    assert.equal((restore.with as Yaml).path, where);
    assert.equal((save.with as Yaml).path, where);
    assert.equal(save.if, '${{ !cancelled() }}');
    assert.equal((save.with as Yaml).key, (restore.with as Yaml).key);
  }
  // Merged shards equal one campaign only when no shard stops early (docs/campaign.md).
  assert.equal(shardRun.options['--continue'], true);
});

test('ci/gitlab-ci.yml: parallel: matrix of shards over every profile, artifacts apart, a merge job that needs them', () => {
  const ci = read('ci/gitlab-ci.yml');
  const profiles = ((ci.variables as Yaml).PROFILES as string).split(/\s+/);
  for (const p of profiles) assert.ok(fs.existsSync(path.join(PROJECT_ROOT, p)), p);
  const sut = ci.sut as Yaml;
  const merge = ci.merge as Yaml;
  assert.deepEqual(ci.stages, [sut.stage, merge.stage]);
  const matrix = (sut.parallel as { matrix: Array<{ SHARD: string[] }> }).matrix;
  assert.deepEqual(matrix[0].SHARD, profiles.map((_, i) => `${i + 1}/${profiles.length}`));
  const shardRun = optionsOf((sut.script as string[]).find((r) => r.includes('npm run campaign'))!);
  assert.equal(shardRun.options['--shard'], '$SHARD');
  assert.match(shardRun.options['--out'] as string, /^shards\/\$CI_NODE_INDEX$/);
  assert.deepEqual((sut.artifacts as Yaml).paths, ['shards/']);
  assert.equal((sut.artifacts as Yaml).when, 'always');
  assert.deepEqual(merge.needs, [{ job: 'sut', artifacts: true }]);
  const mergeRun = optionsOf((merge.script as string[]).find((r) => r.includes('campaign:merge'))!);
  assert.deepEqual(mergeRun.operands, ['shards/*']);
  assert.deepEqual((sut.cache as Yaml).paths, [`${shardRun.options['--out'] as string}/runs/*/history/`]);
  assert.deepEqual((merge.cache as Yaml).paths, [`${mergeRun.options['--out'] as string}/history/`]);
  // The default (on_success) would keep no Trend of a campaign with a non-compliant SUT.
  assert.equal((sut.cache as Yaml).when, 'always');
  assert.equal((merge.cache as Yaml).when, 'always');
  assert.equal(shardRun.options['--continue'], true);
});

test('docs/campaign.md: the Kubernetes Indexed Job maps JOB_COMPLETION_INDEX to --shard, and the merge Job reads every pod’s folder', () => {
  const doc = fs.readFileSync(path.join(PROJECT_ROOT, 'docs', 'campaign.md'), 'utf8');
  const block = /```yaml\n([\s\S]*?)```/.exec(doc)![1];
  const [claim, job, mergeJob] = parseAllDocuments(block).map((d) => d.toJS() as Yaml);
  assert.equal(claim.kind, 'PersistentVolumeClaim');
  // Pods of several nodes write the shards' folders at once.
  assert.deepEqual((claim.spec as Yaml).accessModes, ['ReadWriteMany']);
  // The merge's exit code is the gate: a NOT COMPLIANT SUT must not be retried.
  assert.equal((mergeJob.spec as Yaml).backoffLimit, 0);
  const spec = job.spec as { completionMode: string; completions: number; parallelism: number; template: { spec: { containers: Array<{ args: string[]; env: Array<{ value: string }> }> } } };
  assert.equal(job.kind, 'Job');
  assert.equal(spec.completionMode, 'Indexed');
  const profiles = spec.template.spec.containers[0].env[0].value.split(/\s+/);
  assert.equal(spec.completions, profiles.length);
  const shardRun = optionsOf(spec.template.spec.containers[0].args[0]);
  assert.equal(shardRun.options['--shard'], `$((JOB_COMPLETION_INDEX + 1))/${spec.completions}`);
  const mergeArgs = optionsOf((mergeJob.spec as { template: { spec: { containers: Array<{ args: string[] }> } } }).template.spec.containers[0].args[0]);
  assert.deepEqual(mergeArgs.operands, Array.from({ length: spec.completions }, (_, k) => `/shards/${k}`));
});
