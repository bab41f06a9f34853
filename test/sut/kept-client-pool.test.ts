import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KeptClientPool } from '../../support/sut/kept-client-pool';
import type { ActionReply, ResettableSession } from '../../support/sut/sut-adapter';

/** A client that only knows whether it was stopped or died. */
function fakeClient(name: string): ResettableSession & { stops: number; die(): void } {
  let gone: string | undefined;
  const reply = async (): Promise<ActionReply> => ({ ok: true });
  return {
    stops: 0,
    die: () => void (gone = 'exited with code 1'),
    rejoin: reply,
    leave: reply,
    state: reply,
    reset: reply,
    log: () => name,
    exited: () => gone,
    release: async () => undefined,
    async stop() {
      this.stops++;
      gone ??= 'stopped';
    },
  };
}

test('a kept client is handed out once, for its key, and is the caller\'s until kept again', async () => {
  const pool = new KeptClientPool();
  const client = fakeClient('a');
  assert.equal(await pool.take('k'), undefined, 'an empty pool has nothing');
  await pool.keep('k', client);
  assert.equal(await pool.take('k'), client);
  assert.equal(await pool.take('k'), undefined, 'taken: no longer in the pool');
  assert.equal(client.stops, 0);
});

test('a kept client of another key, or a dead one, is never handed out; the first is stopped', async () => {
  const pool = new KeptClientPool();
  const other = fakeClient('other');
  await pool.keep('k1', other);
  assert.equal(await pool.take('k2'), undefined);
  assert.equal(other.stops, 1, 'a client the next scenario cannot use is stopped');

  const dead = fakeClient('dead');
  dead.die();
  await pool.keep('k', dead);
  assert.equal(await pool.take('k'), undefined);
});

test('keeping a second client stops the first; stop() stops what the pool holds', async () => {
  const pool = new KeptClientPool();
  const first = fakeClient('first');
  const second = fakeClient('second');
  await pool.keep('k', first);
  await pool.keep('k', second);
  assert.equal(first.stops, 1);
  await pool.stop();
  assert.equal(second.stops, 1);
  assert.equal(await pool.take('k'), undefined);
});

test('a prewarmed client is adopted by the first take of its key, stopped by one of another key, and a failed warm-up is forgotten', async () => {
  const pool = new KeptClientPool();
  const warm = fakeClient('warm');
  pool.prewarm('k', async () => warm);
  pool.prewarm('k', async () => assert.fail('one warm-up at a time'));
  assert.equal(await pool.take('k'), warm);

  const wrong = new KeptClientPool();
  const unused = fakeClient('unused');
  wrong.prewarm('k', async () => unused);
  assert.equal(await wrong.take('other'), undefined);
  assert.equal(unused.stops, 1);

  const failed = new KeptClientPool();
  failed.prewarm('k', () => Promise.reject(new Error('no such program')));
  assert.equal(await failed.take('k'), undefined);
});

test('stop() at the run\'s end also stops a client still warming up', async () => {
  const pool = new KeptClientPool();
  const warm = fakeClient('warm');
  pool.prewarm('k', async () => warm);
  await pool.stop();
  assert.equal(warm.stops, 1);
});
