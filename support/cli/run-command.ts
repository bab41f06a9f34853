import { CommanderError, type Command } from 'commander';
import type { Writable } from 'node:stream';
import { exitCodeOf } from './suite-command';

/**
 * A command parsed and run: the installed command with its subcommands, or one on its own
 * (`npm run campaign -- …`, `npm run campaign:merge -- …`). Its output goes to `io`, its exit code
 * is what `code` reads once its action has run, and a usage error is one line with exit code 2
 * (commander's own default would exit 1, "not compliant").
 */
export async function runCommand(command: Command, argv: readonly string[], io: { stdout: Writable; stderr: Writable }, code: () => number): Promise<number> {
  command.exitOverride().configureOutput({ writeOut: (s) => void io.stdout.write(s), writeErr: (s) => void io.stderr.write(s) });
  try {
    await command.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return exitCodeOf(e);
    throw e;
  }
  return code();
}

/**
 * `… --help | head`: a reader that went away ends the command quietly, as SIGPIPE ends a C
 * program, instead of an unhandled EPIPE stack trace. For the scripts' main blocks and the bin.
 */
export function endQuietlyOnClosedStdout(): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(Number(process.exitCode ?? 0));
  });
}

/**
 * A script's main: its exit code, and for an exception none of its paths caught (a folder that
 * cannot be written, a bug) one line on stderr and exit code 2, "no verdict", never Node's 1,
 * which reads as "not compliant". The stack follows for whoever files the bug.
 */
export function runMain(main: () => Promise<number> | number): void {
  endQuietlyOnClosedStdout();
  Promise.resolve()
    .then(main)
    .then(
      (code) => (process.exitCode = code),
      (e: unknown) => {
        process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)} (no verdict)\n${e instanceof Error && e.stack ? `${e.stack}\n` : ''}`);
        process.exitCode = 2;
      },
    );
}
