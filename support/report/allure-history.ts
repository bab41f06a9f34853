import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Allure's history between runs: what its Trend widgets and each test's History tab show. Allure
 * 2 reads the history of earlier reports from `<results>/history/` at `generate` time and writes
 * the new history (this run first, then the earlier ones, 20 at most of each) into the report's
 * `history/`, so a run keeps the last report's history and gives it to the next `generate`.
 * Pure file operations: the campaign's merged report uses them with a history of its own.
 */

/** The reports folder's folder of kept histories, one folder per key; not part of a run's evidence (support/evidence/manifest.ts). */
export const HISTORY_DIR = 'history';

/**
 * The files Allure 2.46 reads from `<results>/history/` and writes into `<report>/history/`:
 * history.json holds each test's last 20 statuses by its history id; the trend files one entry
 * per report, the newest first, 20 at most (HistoryTrendPlugin and its siblings cut them).
 * Every JSON file of that folder is kept, so a later Allure's new file is kept too.
 */
export const HISTORY_FILES = ['history.json', 'history-trend.json', 'duration-trend.json', 'categories-trend.json', 'retry-trend.json'] as const;

/** A file of the history folder: a plain JSON file name, never a path. */
const HISTORY_FILE = /^[\w.-]+\.json$/;

function historyFilesIn(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => HISTORY_FILE.test(f) && fs.statSync(path.join(dir, f)).isFile()).sort() : [];
}

/**
 * A file-safe, readable folder name for a label: lower-case letters, digits, dots and dashes,
 * then 8 hex digits of the label's SHA-256, so two labels never share a folder even when the
 * readable part is the same ("acme im" and "acme-im") or empty (a name in another script).
 */
export function historySlug(label: string): string {
  const readable = label
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 80)
    .replace(/[-.]+$/, '');
  const hash = createHash('sha256').update(label).digest('hex').slice(0, 8);
  return readable ? `${readable}-${hash}` : hash;
}

/**
 * The history key of a SUT: its name and version as its profile declares them, and the profile's
 * file name. The name and version alone are not enough: two profiles of one client (the reference
 * client over UDP only and over UDP and TCP) declare other capabilities, so other scenarios apply
 * and their trends are not comparable. The file name, not its path: a CI job's checkout folder
 * changes between runners, the file name does not. A new version starts a new trend (docs/INTERPRETING.md).
 */
export function sutHistoryKey(sut: { name: string; version: string }, profileFile: string): string {
  return historySlug(`${sut.name} ${sut.version} ${path.basename(profileFile, '.json')}`);
}

export interface RestoredHistory {
  /** The history files copied into `<results>/history/`, none for a first run. */
  files: string[];
  /**
   * The build order for this run's executor.json when no CI engine gives one: one more than the
   * newest in the history's trend (or than its number of entries, when they carry none), 1 for
   * a first run. Allure labels each Trend point `#<buildOrder>`, and nothing without one.
   */
  nextBuildOrder: number;
}

/**
 * Copies a kept history (`historyDir`, as saveHistory wrote it) into `<resultsDir>/history/`
 * before `allure generate`; whatever that folder held goes first, so results copied from
 * elsewhere (a shard's) do not bring their own trend into this report. Only JSON files, and
 * only those that parse: a broken file is left out (that part starts afresh), not a failed report.
 * Allure reads the history of every results folder it is given: to merge shards with
 * `allure generate a b c`, give none of them a history/ but one folder that has it.
 */
export function restoreHistory(historyDir: string, resultsDir: string): RestoredHistory {
  const into = path.join(resultsDir, HISTORY_DIR);
  fs.rmSync(into, { recursive: true, force: true });
  const files: string[] = [];
  let trend: unknown[] = [];
  for (const name of historyFilesIn(historyDir)) {
    const text = readIfJson(path.join(historyDir, name));
    if (text === undefined) continue;
    fs.mkdirSync(into, { recursive: true });
    fs.writeFileSync(path.join(into, name), text);
    files.push(name);
    if (name === 'history-trend.json') trend = asArray(JSON.parse(text));
  }
  return { files, nextBuildOrder: nextBuildOrder(trend) };
}

function nextBuildOrder(trend: unknown[]): number {
  const orders = trend.map((t) => (t as { buildOrder?: unknown })?.buildOrder).filter((o): o is number => Number.isSafeInteger(o));
  return (orders.length > 0 ? Math.max(...orders) : trend.length) + 1;
}

/**
 * Keeps the history of a report that `allure generate` just wrote into `historyDir`, replacing
 * the earlier one. A multi-file report has it in `<reportDir>/history/`; a `--single-file` one
 * writes no such folder but carries every data file inside index.html, history/ included
 * (reportDataFiles), and is read there: a second, multi-file generate would cost as long as the
 * first (about 1.3 s), reading the file costs milliseconds. Returns the files kept; none (and
 * the earlier history left as it was) when the report holds none.
 */
export function saveHistory(reportDir: string, historyDir: string): string[] {
  const fromFolder = path.join(reportDir, HISTORY_DIR);
  const found = new Map<string, string>();
  if (fs.existsSync(fromFolder)) {
    for (const name of historyFilesIn(fromFolder)) {
      const text = readIfJson(path.join(fromFolder, name));
      if (text !== undefined) found.set(name, text);
    }
  } else if (fs.existsSync(path.join(reportDir, 'index.html'))) {
    const data = reportDataFiles(fs.readFileSync(path.join(reportDir, 'index.html'), 'utf8'), `${HISTORY_DIR}/`);
    for (const [file, text] of data) {
      const name = file.slice(HISTORY_DIR.length + 1);
      if (HISTORY_FILE.test(name) && isJson(text)) found.set(name, text);
    }
  }
  if (found.size === 0) return [];
  // Written aside and renamed: a run stopped half-way leaves the earlier history whole.
  const temp = `${historyDir}.${process.pid}.tmp`;
  fs.rmSync(temp, { recursive: true, force: true });
  fs.mkdirSync(temp, { recursive: true });
  for (const [name, text] of found) fs.writeFileSync(path.join(temp, name), text);
  fs.rmSync(historyDir, { recursive: true, force: true });
  fs.renameSync(temp, historyDir);
  return [...found.keys()];
}

/**
 * The data files a `--single-file` Allure 2 report embeds, by their report path: its template
 * (tpl/index.html.ftl of allure-generator 2.46) writes each as `d('<path>','<base64>')`, which
 * is what the page itself reads. Only those whose path starts with `prefix`.
 */
export function reportDataFiles(html: string, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of html.matchAll(/d\('([^']+)','([A-Za-z0-9+/=]*)'\)/g)) {
    if (m[1].startsWith(prefix)) out.set(m[1], Buffer.from(m[2], 'base64').toString('utf8'));
  }
  return out;
}

function readIfJson(file: string): string | undefined {
  if (!fs.existsSync(file)) return undefined;
  const text = fs.readFileSync(file, 'utf8');
  return isJson(text) ? text : undefined;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
