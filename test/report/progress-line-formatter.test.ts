import { formatterHelpers, type IFormatterOptions } from '@cucumber/cucumber';
import { loadConfiguration, runCucumber } from '@cucumber/cucumber/api';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import ProgressLineFormatter, { consoleFormat, ProgressLine, type ProgressEnvelope } from '../../support/report/progress-line-formatter';

const T0 = { seconds: 1_700_000_000, nanos: 0 };
const at = (ms: number): number => T0.seconds * 1000 + ms;

/** A run of three test cases as Cucumber's envelopes give it: a tagged Scenario and an Outline's two rows. */
function runStart(): ProgressEnvelope[] {
  return [
    {
      gherkinDocument: {
        uri: 'features/rejoin/ack-of-2xx.feature',
        feature: { children: [{ scenario: { examples: [{ tableHeader: { cells: [{ value: 'transport' }, { value: 'tc' }] }, tableBody: [{ id: 'row-1', cells: [{ value: 'UDP' }, { value: 'SIMPLE_IM-1.0-con-RJ05-01' }] }, { id: 'row-2', cells: [{ value: 'TCP' }, { value: 'SIMPLE_IM-1.0-con-RJ05-02' }] }] }] } }] },
      },
    },
    { pickle: { id: 'p-1', uri: 'features/rejoin/request-uri.feature', tags: [{ name: '@req:RJ-02' }, { name: '@shall' }, { name: '@tc:SIMPLE_IM-1.0-con-RJ02-01' }], astNodeIds: ['s-1'] } },
    { pickle: { id: 'p-2', uri: 'features/rejoin/ack-of-2xx.feature', tags: [{ name: '@req:RJ-05' }], astNodeIds: ['s-2', 'row-1'] } },
    { pickle: { id: 'p-3', uri: 'features/rejoin/ack-of-2xx.feature', tags: [{ name: '@req:RJ-05' }], astNodeIds: ['s-2', 'row-2'] } },
    { testRunStarted: { timestamp: T0 } },
    { testCase: { id: 'tc-1', pickleId: 'p-1' } },
    { testCase: { id: 'tc-2', pickleId: 'p-2' } },
    { testCase: { id: 'tc-3', pickleId: 'p-3' } },
  ];
}

const started = (id: string, testCaseId: string): ProgressEnvelope => ({ testCaseStarted: { id, testCaseId } });
const step = (attempt: string, status: string): ProgressEnvelope => ({ testStepFinished: { testCaseStartedId: attempt, testStepResult: { status } } });
const finished = (attempt: string, willBeRetried = false): ProgressEnvelope => ({ testCaseFinished: { testCaseStartedId: attempt, willBeRetried } });

test('the line names the scenario n of N, its requirement and test case id, the elapsed time and the failures so far', () => {
  const line = new ProgressLine();
  for (const e of runStart()) line.onEnvelope(e);
  assert.equal(line.text(at(0)), 'scenario 0 of 3 · 0m00s elapsed · starting');
  line.onEnvelope(started('a-1', 'tc-1'));
  assert.equal(line.text(at(1_400)), 'scenario 1 of 3 · 0m01s elapsed · RJ-02 SIMPLE_IM-1.0-con-RJ02-01');
  for (const e of [step('a-1', 'PASSED'), finished('a-1'), started('a-2', 'tc-2'), step('a-2', 'PASSED'), step('a-2', 'FAILED'), finished('a-2')]) line.onEnvelope(e);
  assert.equal(line.text(at(65_000)), 'scenario 2 of 3 · 1m05s elapsed · 1 failed · RJ-05 SIMPLE_IM-1.0-con-RJ05-01', 'an Outline row has the id of its tc column');
  line.onEnvelope(started('a-3', 'tc-3'));
  assert.equal(line.text(at(66_000)), 'scenario 3 of 3 · 1m06s elapsed · 1 failed · RJ-05 SIMPLE_IM-1.0-con-RJ05-02');
  assert.equal(line.finalText(at(70_000)), '3 of 3 scenarios run in 1m10s · 1 failed');
});

test('a retried test case counts once, and fails only when its last attempt fails', () => {
  const line = new ProgressLine();
  for (const e of [...runStart(), started('a-1', 'tc-1'), step('a-1', 'FAILED'), finished('a-1', true), started('a-1b', 'tc-1'), step('a-1b', 'PASSED'), finished('a-1b')]) line.onEnvelope(e);
  assert.equal(line.text(at(2_000)), 'scenario 1 of 3 · 0m02s elapsed · RJ-02 SIMPLE_IM-1.0-con-RJ02-01');
});

/** The formatter on a fake event broadcaster, with its own clock and no ticking. */
class ClockedFormatter extends ProgressLineFormatter {
  static clock = at(0);
  ticking = false;
  protected override now(): number {
    return ClockedFormatter.clock;
  }
  protected override startTicking(): void {
    this.ticking = true;
  }
}

test('the formatter rewrites one line in place: each write erases the line and returns to its start', () => {
  const eventBroadcaster = new EventEmitter();
  const writes: string[] = [];
  const stream = Object.assign(new PassThrough(), { columns: 70 });
  const options = {
    colorFns: undefined,
    cwd: process.cwd(),
    eventBroadcaster,
    eventDataCollector: new formatterHelpers.EventDataCollector(eventBroadcaster),
    log: (s: string | Uint8Array) => void writes.push(String(s)),
    parsedArgvOptions: {},
    snippetBuilder: undefined,
    stream,
    cleanup: async () => undefined,
    supportCodeLibrary: undefined,
  } as unknown as IFormatterOptions;
  const formatter = new ClockedFormatter(options);
  for (const e of runStart()) eventBroadcaster.emit('envelope', e);
  assert.ok(formatter.ticking, 'the elapsed time ticks from the run\'s start');
  ClockedFormatter.clock = at(3_000);
  eventBroadcaster.emit('envelope', started('a-1', 'tc-1'));
  eventBroadcaster.emit('envelope', step('a-1', 'FAILED'));
  eventBroadcaster.emit('envelope', finished('a-1'));
  eventBroadcaster.emit('envelope', started('a-2', 'tc-2'));
  assert.deepEqual(writes, [
    '\r\u001b[2Kscenario 1 of 3 · 0m03s elapsed · RJ-02 SIMPLE_IM-1.0-con-RJ02-01',
    // 70 columns: cut short, or the terminal would wrap it and "\r" rewrite only its last part.
    '\r\u001b[2Kscenario 1 of 3 · 0m03s elapsed · 1 failed · RJ-02 SIMPLE_IM-1.0-con…',
    '\r\u001b[2Kscenario 2 of 3 · 0m03s elapsed · 1 failed · RJ-05 SIMPLE_IM-1.0-con…',
  ]);
});

test('a run ends with the line, then what progress prints: each failure with its steps and error, and the "N scenarios" lines', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'progress-line-'));
  try {
    fs.writeFileSync(
      path.join(dir, 'two.feature'),
      [
        'Feature: two',
        '  @req:RJ-02 @tc:SIMPLE_IM-1.0-con-RJ02-01',
        '  Scenario: one passes',
        '    Given it passes',
        '  @req:RJ-05 @tc:SIMPLE_IM-1.0-con-RJ05-01',
        '  Scenario: one fails',
        '    Given it fails',
        '',
      ].join('\n'),
    );
    // The steps load the test's own Cucumber, whose step registry the run reads.
    fs.writeFileSync(
      path.join(dir, 'steps.js'),
      `const { Given } = require(${JSON.stringify(require.resolve('@cucumber/cucumber'))});\nGiven('it passes', () => {});\nGiven('it fails', () => { throw new Error('boom: the check said no'); });\n`,
    );
    let out = '';
    const stdout = new PassThrough();
    stdout.on('data', (d: Buffer) => (out += d.toString()));
    const environment = { cwd: dir, stdout, stderr: new PassThrough(), env: {} };
    const { runConfiguration } = await loadConfiguration({ file: false, provided: { paths: ['two.feature'], require: ['steps.js'], format: [require.resolve('../../support/report/progress-line-formatter')] } }, environment);
    const { success } = await runCucumber(runConfiguration, environment);
    assert.equal(success, false);
    const lines = out.split('\r\u001b[2K');
    assert.match(lines[1], /^scenario 1 of 2 · 0m\d\ds elapsed · RJ-02 SIMPLE_IM-1\.0-con-RJ02-01$/);
    assert.match(lines.at(-1)!, /^2 of 2 scenarios run in 0m\d\ds · 1 failed\n\nFailures:\n\n1\) Scenario: one fails # two\.feature:6\n/);
    assert.match(out, /✖ Given it fails # steps\.js:3\n\s+Error: boom: the check said no/);
    assert.match(out, /\n\n2 scenarios \(1 failed, 1 passed\)\n2 steps \(1 failed, 1 passed\)\n\d+m\d\d\.\d{3}s \(executing steps: /);
    assert.ok(out.startsWith('\r\u001b[2Kscenario 1 of 2'), 'the line, no progress dots before it');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the line in a terminal; progress in a pipe, with CI set (but not "false") and for the manual adapter', () => {
  const line = './dist/support/report/progress-line-formatter.js';
  assert.equal(consoleFormat({}, true, 'process', line), line);
  assert.equal(consoleFormat({ CI: 'false' }, true, 'command', line), line);
  assert.equal(consoleFormat({ CI: '' }, true, undefined, line), line);
  assert.equal(consoleFormat({}, false, 'process', line), 'progress');
  for (const CI of ['true', '1', 'yes', 'TRUE']) assert.equal(consoleFormat({ CI }, true, 'process', line), 'progress', CI);
  assert.equal(consoleFormat({}, true, 'manual', line), 'progress');
});
