import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runConformance } from '../helpers/run-suite';

/**
 * A command adapter answers "done" as soon as its command ends, before the client has acted; the
 * window in which RB-01, RB-03 and RB-05 watch for requests the client must not send is measured
 * on the wire, so it is the same for such a client. This one (the reference client behind
 * suts/reference-command.json's FIFO) leaves on its own 0.3 s after it was asked to rejoin.
 */
test('a command-driven client that sends a BYE on its own right after the rejoin FAILs RB-05 no-immediate-bye', async () => {
  const run = await runConformance({ args: ['--no-html', '--sut', 'test/data/profiles/command-leaves-at-once.json', '--tags', '@req:RB-05'] });
  const rb05 = run.summary.requirements.find((r) => r.id === 'RB-05')!;
  assert.equal(rb05.verdict, 'FAIL', run.output.slice(-3000));
  assert.equal(rb05.scenarios.length, 2);
  for (const s of rb05.scenarios) {
    assert.equal(s.verdict, 'FAIL', s.reason);
    assert.match(s.reason, /RB-05 FAIL: the client ended the session at once with a BYE \(message #\d+\) though its user did not leave/);
  }
});
