/**
 * The independent IM client's process: the upper-tester protocol (docs/upper-tester.md) on
 * stdin/stdout, logs on stderr.
 *
 *   node dist/test/independent-client/main.js --upper-tester
 *
 * Without --upper-tester it does nothing and exits 0: `node --test dist/test/` runs every file
 * under a test/ directory, this one included.
 */
import * as readline from 'node:readline';
import { configFrom, ConfigError } from './config';
import { PRODUCT, UserAgent, type Outcome } from './ua';

const started = Date.now();
const log = (line: string): void => void process.stderr.write(`[indep +${Date.now() - started}ms] ${line}\n`);
const say = (obj: object): void => void process.stdout.write(JSON.stringify(obj) + '\n');

async function open(env: Record<string, string | undefined>): Promise<UserAgent> {
  const ua = new UserAgent(configFrom(env), log);
  try {
    await ua.start();
  } catch (e) {
    await ua.stop();
    throw e;
  }
  return ua;
}

async function main(): Promise<void> {
  let current: Promise<UserAgent>;
  try {
    current = Promise.resolve(await open(process.env));
  } catch (e) {
    process.stderr.write(`${PRODUCT.name}: cannot start: ${(e as Error).message}\n`);
    process.exit(2);
  }
  let conferenceUri = process.env.IM_CONFERENCE_URI;
  say({ event: 'ready', name: PRODUCT.name, version: PRODUCT.version });

  const reply = (id: unknown, o: Outcome): void => say(o.ok ? { id, ok: true } : { id, ok: false, error: o.error });

  const serve = async (req: Record<string, unknown>): Promise<void> => {
    const id = req.id;
    switch (req.action) {
      case 'rejoin': {
        const ua = await current;
        const conference = typeof req.conference === 'string' && req.conference !== '' ? req.conference : conferenceUri;
        if (!conference) return reply(id, { ok: false, error: 'no conference to rejoin' });
        return reply(id, await ua.rejoin(conference));
      }
      case 'leave':
        return reply(id, await (await current).leave());
      case 'reset': {
        const env = req.env;
        if (typeof env !== 'object' || env === null) return reply(id, { ok: false, error: 'reset without env' });
        const vars = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)]));
        // The fault switches key the process: they are not part of a reset.
        const next = current
          .catch(() => undefined)
          .then(async (old) => {
            await old?.stop();
            return open({ INDEP_FAULTS: process.env.INDEP_FAULTS, ...vars });
          });
        // A failed reset leaves no user agent; the suite then replaces this process.
        next.catch(() => undefined);
        current = next;
        try {
          await next;
          conferenceUri = vars.IM_CONFERENCE_URI;
          log(`reset: ${JSON.stringify(vars)}`);
          return reply(id, { ok: true });
        } catch (e) {
          return reply(id, { ok: false, error: e instanceof ConfigError ? e.message : `cannot listen: ${(e as Error).message}` });
        }
      }
      default:
        return reply(id, { ok: false, error: 'unsupported' });
    }
  };

  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on('line', (line) => {
    if (line.trim() === '') return;
    log(`upper tester: ${line}`);
    let req: unknown;
    try {
      req = JSON.parse(line);
    } catch (e) {
      return say({ ok: false, error: `bad request: ${(e as Error).message}` });
    }
    if (typeof req !== 'object' || req === null || Array.isArray(req)) return say({ ok: false, error: 'bad request: not an object' });
    if (!('id' in req)) return say({ ok: false, error: 'bad request: no id' });
    serve(req as Record<string, unknown>).catch((e: Error) => {
      log(`action failed: ${e.stack ?? e.message}`);
      say({ id: (req as Record<string, unknown>).id, ok: false, error: e.message });
    });
  });

  let stopping = false;
  const shutdown = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await (await current.catch(() => undefined))?.stop();
    process.exit(0);
  };
  lines.on('close', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

if (process.argv.includes('--upper-tester')) void main();
