import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { PROJECT_ROOT } from '../../support/project';
import { findRequirement, type Strength } from '../../support/requirements';

/** Scenarios of a feature file with the tags they inherit (feature and rule tags apply to all). */
function scenarios(file: string): Array<{ line: number; title: string; tags: string[] }> {
  const found: Array<{ line: number; title: string; tags: string[] }> = [];
  let pending: string[] = [];
  let featureTags: string[] = [];
  let ruleTags: string[] = [];
  fs.readFileSync(file, 'utf8')
    .split('\n')
    .forEach((raw, i) => {
      const line = raw.trim();
      if (line.startsWith('@')) pending.push(...line.split(/\s+/).filter((t) => t.startsWith('@')));
      else if (line.startsWith('Feature:')) [featureTags, pending] = [pending, []];
      else if (line.startsWith('Rule:')) [ruleTags, pending] = [pending, []];
      else if (/^Scenario( Outline)?:|^Scenario Template:/.test(line)) {
        found.push({ line: i + 1, title: line, tags: [...featureTags, ...ruleTags, ...pending] });
        pending = [];
      }
    });
  return found;
}

function featureFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? featureFiles(full) : e.name.endsWith('.feature') ? [full] : [];
  });
}

const STRENGTH_TAG: Record<Strength, string> = { SHALL: '@shall', MAY: '@may', COND: '@cond', RB: '@robustness' };
const files = featureFiles(path.join(PROJECT_ROOT, 'features'));

test('there are features to check', () => {
  assert.ok(files.length > 0);
});

for (const file of files) {
  for (const s of scenarios(file)) {
    const where = `${path.relative(PROJECT_ROOT, file)}:${s.line}`;
    test(`${where} carries a known @req, the matching strength tag and a @clause`, () => {
      const ids = s.tags.filter((t) => t.startsWith('@req:')).map((t) => t.slice(5));
      assert.ok(ids.length > 0, `${where}: no @req:<id> tag`);
      for (const id of ids) {
        const r = findRequirement(id);
        assert.ok(r, `${where}: @req:${id} is not in the catalogue (support/requirements.ts)`);
        assert.ok(s.tags.includes(STRENGTH_TAG[r.strength]), `${where}: ${id} is ${r.strength}, so the scenario needs ${STRENGTH_TAG[r.strength]}`);
      }
      assert.ok(s.tags.some((t) => /^@clause:\d+(\.\d+)*$/.test(t)), `${where}: no @clause:<number> tag`);
    });
  }
}
