import * as fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';

/** The T1 the `sip` package is written for. */
const PACKAGE_T1_MS = 500;

/**
 * Loads the `sip` package with its transaction timers scaled to the client's T1.
 *
 * The package writes RFC 3261's timers as constants (T1 = 500 ms, T4 = 5 s, 64·T1 = 32 s), while
 * RFC 3261 17.1.1.1 makes T1 a setting, and a test bed scales it down so that a retransmission
 * scenario takes a fraction of a second. The package's source is compiled with its own
 * `setTimeout` shadowed by one that scales every delay by t1/500; its timers keep their RFC
 * ratios, and nothing else in the process is touched. Must run before anything imports 'sip'.
 */
export function loadSipWithT1(t1Ms: number): void {
  if (t1Ms === PACKAGE_T1_MS) return;
  const file = require.resolve('sip');
  if (require.cache[file]) throw new Error('the sip package was loaded before its timers could be scaled');
  const scale = t1Ms / PACKAGE_T1_MS;
  const scaledSetTimeout = (callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]): NodeJS.Timeout =>
    setTimeout(callback, Math.max(1, Math.round((ms ?? 0) * scale)), ...args);
  const body = vm.compileFunction(fs.readFileSync(file, 'utf8'), ['exports', 'require', 'module', '__filename', '__dirname', 'setTimeout'], { filename: file });
  const mod = new Module(file, module);
  mod.filename = file;
  body.call(mod.exports, mod.exports, createRequire(file), mod, file, path.dirname(file), scaledSetTimeout);
  mod.loaded = true;
  require.cache[file] = mod;
}
