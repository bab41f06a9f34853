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

/** Where reports go; REPORTS_DIR lets the project's own tests keep their runs apart. */
export function reportsDir(): string {
  return path.resolve(PROJECT_ROOT, process.env.REPORTS_DIR || 'reports');
}

/** A file as a report names it: relative to the project, "/" separated, when it is inside it; else as given. */
export function projectPath(file: string): string {
  const relative = path.relative(PROJECT_ROOT, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative.split(path.sep).join('/');
}
