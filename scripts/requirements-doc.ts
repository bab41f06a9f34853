/**
 * npm run docs:requirements
 *
 * Writes the requirement table of docs/requirements.md, between its two marker comments, from
 * the catalogue (support/requirements.ts: id, strength, summary, uncertain, name), the sub-checks
 * (support/checks/sub-checks.ts) and the features that carry each @req (features/). The prose
 * around the table is left as it is. test/docs/requirements-doc.test.ts fails when the committed
 * table differs from what this would write.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SUB_CHECKS } from '../support/checks/sub-checks';
import { PROJECT_ROOT } from '../support/project';
import { CATALOGUE, type Requirement } from '../support/requirements';
import { filesUnder, requirementsOfFeature } from '../test/features/feature-lint';

export const DOC = 'docs/requirements.md';
export const START = '<!-- requirements table: written by `npm run docs:requirements` from support/requirements.ts, support/checks/sub-checks.ts and features/; edit those, not the table -->';
export const END = '<!-- end of the requirements table -->';

/** A feature file (relative to the project) and the requirement ids its scenarios carry. */
export interface FeatureRequirements {
  file: string;
  requirements: ReadonlySet<string>;
}

/** The features of features/ with the @req ids of their scenarios (feature and rule tags included). */
export function readFeatures(root = PROJECT_ROOT): FeatureRequirements[] {
  return filesUnder(root, 'features', '.feature').map((file) => ({ file, requirements: requirementsOfFeature(root, file) }));
}

const code = (s: string): string => `\`${s}\``;
const cell = (s: string): string => s.replace(/\|/g, '\\|');

/** "`initial-request.ts`: `message-syntax`, …; OMA specifics (uncertain, see below): `oma-user-agent`, …" */
function checkCell(r: Requirement): string {
  const names = SUB_CHECKS[r.id] ?? [];
  const uncertain = r.uncertain?.checks ?? [];
  const sure = names.filter((n) => !uncertain.includes(n));
  const parts = [sure.map(code).join(', ')].filter((p) => p.length > 0);
  if (r.uncertain) parts.push(`${r.uncertain.what} (uncertain, see below): ${names.filter((n) => uncertain.includes(n)).map(code).join(', ')}`);
  return `${code(`${r.name}.ts`)}: ${parts.join('; ')}`;
}

/** The table: a row per catalogue entry, in catalogue order. */
export function requirementsTable(features: readonly FeatureRequirements[]): string {
  const rows = CATALOGUE.map((r) => {
    const carrying = features.filter((f) => f.requirements.has(r.id)).map((f) => code(path.relative('features', f.file)));
    return [r.id, r.strength, cell(r.summary), carrying.join(', ') || 'none yet', code(`${r.name}.steps.ts`), checkCell(r), code(`${r.name}.test.ts`)];
  });
  return [
    '| id | strength | what is required | feature (`features/`) | steps (`steps/`) | check and sub-checks (`support/checks/`) | unit test (`test/checks/`) |',
    '|---|---|---|---|---|---|---|',
    ...rows.map((cells) => `| ${cells.join(' | ')} |`),
  ].join('\n');
}

/** `doc` with the text between its markers replaced by `table`; throws when the markers are not there once each. */
export function withTable(doc: string, table: string): string {
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  if (start < 0 || end < start || doc.indexOf(START, start + 1) >= 0 || doc.indexOf(END, end + 1) >= 0) {
    throw new Error(`${DOC}: the table goes between one "${START}" line and one "${END}" line, in that order`);
  }
  return `${doc.slice(0, start + START.length)}\n${table}\n${doc.slice(end)}`;
}

function main(): number {
  const file = path.join(PROJECT_ROOT, DOC);
  const before = fs.readFileSync(file, 'utf8');
  const after = withTable(before, requirementsTable(readFeatures()));
  if (after === before) {
    console.log(`${DOC}: the requirements table is up to date`);
  } else {
    fs.writeFileSync(file, after);
    console.log(`${DOC}: the requirements table rewritten`);
  }
  return 0;
}

if (require.main === module) process.exitCode = main();
