// First: loads the sip package with its timers scaled to IM_T1_MS (client/sip-package.ts).
import './preload-sip';
import * as readline from 'node:readline';
import { readConfig, type ClientConfig } from './config';
import type { ActiveFaults } from './faults';
import { ImClient, type ClientState } from './im-client';
import { PRODUCT_NAME, PRODUCT_VERSION } from './product';
import { readyLine, UpperTester, type UserActions } from './upper-tester';

/**
 * The reference IM Client as a process driven by the upper-tester protocol
 * (docs/upper-tester.md). Configuration comes from the environment (client/config.ts).
 *
 *   node dist/client/cli.js                              (compiled)
 *   node -r ts-node/register/transpile-only client/cli.ts (from source)
 *
 * stdout carries protocol lines only; logs go to stderr. Exit codes: 0 after stdin closes or
 * SIGTERM/SIGINT, 2 when it cannot start (bad configuration, address in use).
 */

const log = (line: string): void => void process.stderr.write(`[${PRODUCT_NAME}] ${line}\n`);

function fatal(message: string): never {
  process.stderr.write(`${PRODUCT_NAME}: cannot start: ${message}\n`);
  process.exit(2);
}

/**
 * The user's actions on the current client; `reset` replaces it with one started afresh from
 * new configuration, so one process serves a whole run (docs/upper-tester.md, `reset`).
 */
class ResettableClient implements UserActions {
  constructor(
    public client: ImClient,
    private readonly t1Ms: number,
    /** The fault switches of the current configuration: some change the `state` reply. */
    private faults: ActiveFaults,
  ) {}

  rejoin(conference?: string): Promise<void> {
    return this.client.rejoin(conference);
  }
  leave(): Promise<void> {
    return this.client.leave();
  }
  state(): ClientState {
    return this.faults.state(this.client.state());
  }
  async reset(env: Record<string, string>): Promise<void> {
    const config = readConfig({ ...process.env, ...env });
    // The sip package was loaded with its timers scaled once, at start (client/sip-package.ts).
    if (config.t1Ms !== this.t1Ms) throw new Error(`IM_T1_MS is fixed at start (${this.t1Ms}); a reset cannot change it to ${config.t1Ms}`);
    this.client.stop();
    log(`reset: listening on ${config.transport.toUpperCase()} ${config.localHost}:${config.localPort}, outbound proxy ${config.outboundProxy}`);
    this.client = await ImClient.start(config, log);
    this.faults = config.faults;
  }
}

/** How long stopping may take before the process exits anyway, naming what kept it alive. */
const EXIT_DEADLINE_MS = 100;

async function main(): Promise<void> {
  // The sip package writes some errors with console.log: keep them off the protocol channel.
  console.log = console.info = console.debug = (...args: unknown[]) => console.error(...args);
  const startupFailure = (e: unknown): never => fatal(e instanceof Error ? e.message : String(e));
  process.on('uncaughtException', startupFailure);

  let config: ClientConfig;
  try {
    config = readConfig();
  } catch (e) {
    return fatal((e as Error).message);
  }
  const client = await ImClient.start(config, log).catch(startupFailure);

  process.off('uncaughtException', startupFailure);
  // From here an exception the sip package lets escape (a torture message, say) is logged and
  // the client goes on: a conformance run learns more from a client that keeps answering.
  process.on('uncaughtException', (e) => log(`!! uncaught exception, carrying on: ${e.stack ?? e}`));

  const write = (line: string): void => void process.stdout.write(line + '\n');
  const actions = new ResettableClient(client, config.t1Ms, config.faults);
  const tester = new UpperTester(actions, write);
  const input = readline.createInterface({ input: process.stdin, terminal: false });

  let stopping = false;
  const stop = (why: string): void => {
    if (stopping) return;
    stopping = true;
    log(`stopping: ${why}`);
    actions.client.stop();
    input.close();
    process.stdin.destroy();
    process.exitCode = 0;
    // Everything is closed, so the process ends by itself; if something still holds it, say
    // what (a bug to fix) and exit anyway.
    setTimeout(() => {
      log(`!! still busy ${EXIT_DEADLINE_MS} ms after stopping (${process.getActiveResourcesInfo().join(', ')}); exiting`);
      process.exit(0);
    }, EXIT_DEADLINE_MS).unref();
  };

  input.on('line', (line) => void tester.handleLine(line));
  input.on('close', () => stop('stdin closed'));
  process.stdout.on('error', (e) => stop(`stdout: ${e.message}`));
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));

  log(`listening on ${config.transport.toUpperCase()} ${config.localHost}:${config.localPort}, outbound proxy ${config.outboundProxy} at ${config.proxy.host}:${config.proxy.port}`);
  write(readyLine(PRODUCT_NAME, PRODUCT_VERSION));
}

void main();
