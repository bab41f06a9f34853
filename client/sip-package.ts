import * as fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';

/** The T1 the `sip` package is written for. */
const PACKAGE_T1_MS = 500;

/**
 * The package's two parsers that cannot read an IPv6 reference (RFC 3261 25.1: `[::1]`), each
 * with the same expression made to read one too. Without them a response whose Via says
 * `SIP/2.0/UDP [::1]:5060;branch=…` loses its branch (the parser stops at the bracket) and never
 * finds its transaction, and a Record-Route `<sip:[::1]:5060;lr>` loses its URI.
 */
const IPV6_PATCHES: ReadonlyArray<{ what: string; from: string; to: string }> = [
  {
    what: 'parseVia: sent-by host',
    from: String.raw`/SIP\s*\/\s*(\d+\.\d+)\s*\/\s*([\S]+)\s+([^\s;:]+)(?:\s*:\s*(\d+))?/g`,
    to: String.raw`/SIP\s*\/\s*(\d+\.\d+)\s*\/\s*([\S]+)\s+(\[[0-9A-Fa-f:.]+\]|[^\s;:]+)(?:\s*:\s*(\d+))?/g`,
  },
  {
    what: 'parseUri: host',
    from: String.raw`(?::([^\s@>]+))?@)?([\w\-\.]+)(?::(\d+))?`,
    to: String.raw`(?::([^\s@>]+))?@)?([\w\-\.]+|\[[0-9A-Fa-f:.]+\])(?::(\d+))?`,
  },
];

/**
 * Loads the `sip` package with its transaction timers scaled to the client's T1, and with its
 * parsers able to read IPv6 references. Must run before anything imports 'sip'.
 *
 * The package writes RFC 3261's timers as constants (T1 = 500 ms, T4 = 5 s, 64·T1 = 32 s), while
 * RFC 3261 17.1.1.1 makes T1 a setting, and a test bed scales it down so that a retransmission
 * scenario takes a fraction of a second. The package's source is compiled with its own
 * `setTimeout` shadowed by one that scales every delay by t1/500; its timers keep their RFC
 * ratios, and nothing else in the process is touched. The IPv6 patches replace two regular
 * expressions in the source text; a package whose text differs stops the client at start.
 */
export function loadSip(t1Ms: number): void {
  const file = require.resolve('sip');
  if (require.cache[file]) throw new Error('the sip package was loaded before its timers could be scaled');
  const scale = t1Ms / PACKAGE_T1_MS;
  const scaledSetTimeout = (callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]): NodeJS.Timeout =>
    setTimeout(callback, Math.max(1, Math.round((ms ?? 0) * scale)), ...args);
  let source = fs.readFileSync(file, 'utf8');
  for (const patch of IPV6_PATCHES) {
    if (!source.includes(patch.from)) throw new Error(`the sip package's ${patch.what} is not the one client/sip-package.ts patches for IPv6`);
    source = source.replace(patch.from, patch.to);
  }
  const body = vm.compileFunction(source, ['exports', 'require', 'module', '__filename', '__dirname', 'setTimeout'], { filename: file });
  const mod = new Module(file, module);
  mod.filename = file;
  body.call(mod.exports, mod.exports, createRequire(file), mod, file, path.dirname(file), t1Ms === PACKAGE_T1_MS ? setTimeout : scaledSetTimeout);
  mod.loaded = true;
  require.cache[file] = mod;
}
