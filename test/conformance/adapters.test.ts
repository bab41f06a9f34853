import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runConformance, verdictsById } from '../helpers/run-suite';

/**
 * The same client through the `command` adapter (shell commands writing to its control FIFO,
 * suts/reference-command.json) and through `process` gets the same verdict for every requirement.
 */
test('the reference client driven by shell commands gets the verdicts it gets through the upper tester process', async () => {
  const [direct, commands] = await Promise.all([runConformance({ args: ['--no-html'] }), runConformance({ args: ['--no-html', '--sut', 'suts/reference-command.json'] })]);
  assert.equal(commands.exitCode, 0, commands.output.slice(-3000));
  assert.equal(commands.summary.sut.adapter, 'command');
  assert.deepEqual(verdictsById(commands.summary), verdictsById(direct.summary));
});

test('a bad profile stops the run before any scenario, with one line naming the field', async () => {
  const run = await runConformance({ args: ['--sut', 'test/data/profiles/no-rejoin-command.json'] }).catch((e: Error) => e);
  assert.ok(run instanceof Error, 'no summary is written');
  assert.match(run.message, /exit 2/);
  assert.match(run.message, /field "command\.rejoin" must be a non-empty string/);
  assert.doesNotMatch(run.message, /scenarios/);
});

test('the manual adapter refuses a run without an operator instead of hanging', async () => {
  const run = await runConformance({ args: ['--sut', 'test/data/profiles/manual.json'], env: { CI: 'true' } }).catch((e: Error) => e);
  assert.ok(run instanceof Error);
  assert.match(run.message, /manual adapter needs an operator/);
});
