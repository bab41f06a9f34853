import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT, SUITE } from '../project';

/**
 * Which suite judged: its name and version, the git commit it was run from, and a SHA-256 digest
 * of what decides a verdict (the features and the checks), so a report or an evidence bundle
 * names the exact judging code even when the version number did not move.
 */
export interface SuiteIdentity {
  name: string;
  version: string;
  /** The commit of the checkout, "+modified" when its features or checks differ from it; "Not Available" outside git. */
  commit: string;
  /** SHA-256 over each digested file's path and SHA-256, in path order. */
  digest: string;
  /** The files the digest covers, relative to the project root. */
  files: string[];
}

export const NOT_AVAILABLE = 'Not Available';

/** The folders whose files decide a verdict: the checks run on the recorded messages, the features choose them. */
const DIGESTED = [
  { dir: 'features', suffix: '.feature' },
  { dir: path.join('support', 'checks'), suffix: '.ts' },
];

let cached: SuiteIdentity | undefined;

/** The identity of the suite this process runs (computed once). */
export function suiteIdentity(root: string = PROJECT_ROOT): SuiteIdentity {
  if (cached && root === PROJECT_ROOT) return cached;
  // Without sources (a packaged install), the compiled checks are what judges.
  const sources = fs.existsSync(path.join(root, 'support', 'checks'));
  const dirs = sources ? DIGESTED : [DIGESTED[0], { dir: path.join('dist', 'support', 'checks'), suffix: '.js' }];
  const files = dirs.flatMap(({ dir, suffix }) => filesUnder(root, dir, suffix)).sort();
  const identity = { ...SUITE, commit: commitOf(root, dirs.map((d) => d.dir)), digest: digestOf(root, files), files };
  if (root === PROJECT_ROOT) cached = identity;
  return identity;
}

/** The identity as a report or a manifest states it: without the list of digested files. */
export function suiteStamp(): Omit<SuiteIdentity, 'files'> {
  const { name, version, commit, digest } = suiteIdentity();
  return { name, version, commit, digest };
}

export function digestOf(root: string, files: readonly string[]): string {
  const all = createHash('sha256');
  for (const f of files) all.update(`${f.split(path.sep).join('/')}\0${createHash('sha256').update(fs.readFileSync(path.join(root, f))).digest('hex')}\n`);
  return all.digest('hex');
}

function commitOf(root: string, dirs: readonly string[]): string {
  const git = (...args: string[]): string | undefined => {
    const r = spawnSync('git', args, { cwd: root, encoding: 'utf8', timeout: 5000 });
    return r.status === 0 ? r.stdout.trim() : undefined;
  };
  // An installed suite lies in the vendor's repository: its commit is not the suite's.
  const top = git('rev-parse', '--show-toplevel');
  if (!top || fs.realpathSync(top) !== fs.realpathSync(root)) return NOT_AVAILABLE;
  const head = git('rev-parse', 'HEAD');
  if (!head) return NOT_AVAILABLE;
  const changed = git('status', '--porcelain', '--', ...dirs);
  return changed ? `${head}+modified` : head;
}

function filesUnder(root: string, dir: string, suffix: string): string[] {
  const abs = path.join(root, dir);
  if (!fs.existsSync(abs)) return [];
  return (fs.readdirSync(abs, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile() && e.name.endsWith(suffix))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)));
}
