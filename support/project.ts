import * as fs from 'node:fs';
import * as path from 'node:path';

/** The project's root folder, found from this file whether it runs from source or from dist/. */
export const PROJECT_ROOT: string = (() => {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'cucumber.js'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no project root above ${__dirname}`);
  }
})();

const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };

export const SUITE = { name: pkg.name, version: pkg.version } as const;

/** Whether the suite runs as an installed package (node_modules/simple-im-conformance), not from a clone. */
export const INSTALLED: boolean = PROJECT_ROOT.split(path.sep).includes('node_modules');

/**
 * Names the folder the suite was started from, for the processes it starts elsewhere: Cucumber's
 * workers (--parallel) run in PROJECT_ROOT, as cucumber.js's paths want.
 */
export const RUN_DIR_VARIABLE = 'SIMPLE_IM_RUN_DIR';

/**
 * The folder the suite was started from: a vendor's repository for an installed suite, the
 * project's own folder for `npm run conformance` (npm runs scripts there). --sut, REPORTS_DIR
 * and a vendor profile's relative paths are read from it.
 */
export function runDir(): string {
  return process.env[RUN_DIR_VARIABLE] || process.cwd();
}

/** Where reports go (./reports of the run folder); REPORTS_DIR lets the project's own tests keep their runs apart. */
export function reportsDir(): string {
  return path.resolve(runDir(), process.env.REPORTS_DIR || 'reports');
}

/** A path as the suite prints it: relative to the folder it was started from when inside it, else absolute. */
export function shownPath(file: string): string {
  const relative = path.relative(runDir(), file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative || '.';
}

/** Whether a file lies in the suite's own folder (the profiles it ships, the project's test data). */
export function inProject(file: string): boolean {
  const real = (f: string): string => (fs.existsSync(f) ? fs.realpathSync(f) : path.resolve(f));
  const relative = path.relative(real(PROJECT_ROOT), real(file));
  return !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** A file as a report names it: relative to the project, "/" separated, when it is inside it; else as given. */
export function projectPath(file: string): string {
  const relative = path.relative(PROJECT_ROOT, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative.split(path.sep).join('/');
}
