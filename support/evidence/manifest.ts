import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HISTORY_DIR } from '../report/allure-history';
import type { SuiteIdentity } from '../report/suite-identity';
import type { Waiver } from '../waivers';
import { EVIDENCE_DIR, SCENARIOS_DIR } from './scenario-evidence';

export const MANIFEST_FORMAT = 'simple-im-conformance/evidence-manifest/1';
/** The manifest, relative to the reports folder. */
export const MANIFEST_FILE = path.join(EVIDENCE_DIR, 'manifest.json');

export interface ManifestEntry {
  /** Relative to the reports folder, "/" separated. */
  path: string;
  sha256: string;
  bytes: number;
}

/**
 * What a run's reports folder holds, file by file with its SHA-256 (docs/evidence.md): with the
 * suite that judged and the SUT profile it judged with (its waivers decide verdicts too), so
 * `npm run rejudge` can refuse a bundle that was changed and say which suite it compares with.
 */
export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  created: string;
  suite: Omit<SuiteIdentity, 'files'>;
  sut: { name: string; version: string; adapter: string; profile: string };
  /** Whether the run gated on MAY and robustness too (--strict). */
  strict: boolean;
  waivers: Waiver[];
  files: ManifestEntry[];
}

/**
 * What a reports folder holds that is not the run's own, so the manifest leaves it out: the kept
 * Allure histories (history/, support/report/allure-history.ts: earlier runs' data, which the next
 * run rewrites and a copied bundle may lack; no verdict depends on them), a campaign's folder
 * (campaign/, the default `--out` of `npm run campaign`: other runs, each with its own manifest),
 * and what a campaign writes beside a run in the run's folder (its console, written while the
 * manifest is, and its row: docs/campaign.md). The copy of the history this run's report was
 * built from (allure-results/history/) is listed like the other results.
 */
const NOT_THE_RUNS = { folders: [HISTORY_DIR, 'campaign'], files: ['console.log', 'campaign-run.json'] } as const;

/** Every file of the run's reports, in path order, but the manifest itself and NOT_THE_RUNS. */
function reportFiles(reportsDir: string): string[] {
  const manifest = path.join(reportsDir, MANIFEST_FILE);
  return (fs.readdirSync(reportsDir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .filter((f) => f !== manifest)
    .map((f) => path.relative(reportsDir, f).split(path.sep).join('/'))
    .filter((f) => !NOT_THE_RUNS.folders.some((d) => f.startsWith(`${d}/`)) && !(NOT_THE_RUNS.files as readonly string[]).includes(f))
    .sort();
}

function entryOf(reportsDir: string, rel: string): ManifestEntry {
  const bytes = fs.readFileSync(path.join(reportsDir, rel));
  return { path: rel, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length };
}

/**
 * Writes evidence/manifest.json over what the reports folder holds now; the run's last write.
 * Nothing signs it: its own SHA-256, which the run prints, is what a lab records elsewhere (in
 * the certificate's file) to know later that the manifest is the one the run wrote.
 */
export function writeManifest(reportsDir: string, info: Omit<Manifest, 'format' | 'created' | 'files'>): { manifest: Manifest; sha256: string } {
  const manifest: Manifest = { format: MANIFEST_FORMAT, created: new Date().toISOString(), ...info, files: reportFiles(reportsDir).map((f) => entryOf(reportsDir, f)) };
  fs.mkdirSync(path.join(reportsDir, EVIDENCE_DIR), { recursive: true });
  const text = `${JSON.stringify(manifest, null, 1)}\n`;
  fs.writeFileSync(path.join(reportsDir, MANIFEST_FILE), text);
  return { manifest, sha256: createHash('sha256').update(text).digest('hex') };
}

/**
 * The manifest of a reports folder and what does not match it: a file changed or gone, a
 * scenario's evidence added. Other files added since (a later report, a history of history/) are
 * not the run's and are left alone.
 */
export function verifyManifest(reportsDir: string): { manifest?: Manifest; problems: string[] } {
  const file = path.join(reportsDir, MANIFEST_FILE);
  if (!fs.existsSync(file)) return { problems: [`${MANIFEST_FILE} is missing: this is not an evidence bundle of simple-im-conformance`] };
  let manifest: Manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
  } catch (e) {
    return { problems: [`${MANIFEST_FILE} is not JSON: ${(e as Error).message}`] };
  }
  if (manifest.format !== MANIFEST_FORMAT || !Array.isArray(manifest.files)) return { problems: [`${MANIFEST_FILE} is not of the format ${MANIFEST_FORMAT}`] };
  const problems: string[] = [];
  for (const entry of manifest.files) {
    // A path out of the folder would let the manifest vouch for a file that is not the bundle's.
    if (path.isAbsolute(entry.path) || entry.path.split('/').includes('..')) {
      problems.push(`${entry.path} is not a path inside the bundle`);
      continue;
    }
    if (!fs.existsSync(path.join(reportsDir, entry.path))) {
      problems.push(`${entry.path} is missing`);
      continue;
    }
    const now = entryOf(reportsDir, entry.path);
    if (now.sha256 !== entry.sha256) problems.push(`${entry.path} has changed: SHA-256 ${now.sha256}, the manifest says ${entry.sha256}`);
  }
  const listed = new Set(manifest.files.map((f) => f.path));
  if (!listed.has('summary.json')) problems.push('summary.json is not in the manifest');
  const scenarios = `${EVIDENCE_DIR}/${SCENARIOS_DIR}/`;
  for (const f of reportFiles(reportsDir)) if (f.startsWith(scenarios) && !listed.has(f)) problems.push(`${f} is not in the manifest`);
  return { manifest, problems };
}
