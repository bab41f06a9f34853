import * as fs from 'node:fs';
import * as path from 'node:path';
import { AstBuilder, compile, GherkinClassicTokenMatcher, Parser } from '@cucumber/gherkin';
import { isSubCheck, requirementsOfSubCheck, subChecksOf } from '../../support/checks/sub-checks';
import { CATALOGUE, findRequirement, requirementIdsOf, type Requirement, type Strength } from '../../support/requirements';
import { ICS_TAGS } from '../../support/sut/sut-profile';
import { requirementOfTestCase, TC_COLUMN, TC_ID_PREFIX, TC_TAG_PREFIX } from '../../support/report/test-case-id';
import { parseWaivers } from '../../support/waivers';

/**
 * The feature lint (test262's metadata lint): pure functions from a feature file's text, or a SUT
 * profile's JSON, to the problems found, one line each ("<file>:<line>: <problem>"), none when
 * the file is right. Here, not under support/: Cucumber loads every module of dist/support, and
 * the run needs none of this (the one thing both use, the @ics names, is ICS_TAGS beside the ICS
 * type in support/sut/sut-profile.ts).
 */

/** One scenario as Cucumber runs it: an outline gives one per Examples row. */
export interface LintScenario {
  line: number;
  title: string;
  /** Its own tags and those it inherits: the feature's, the rule's, the Examples'. */
  tags: string[];
  /**
   * The steps with the Examples row's values in; `line` is the row's where a value came from it;
   * `type` is what its keyword makes it (And and But take the one before theirs).
   */
  steps: Array<{ line: number; text: string; type: StepType }>;
  /** The Examples row it was made from: its line and its cells by column header. */
  row?: { line: number; cells: Record<string, string> };
}

/** A step's kind as Gherkin's keyword gives it: Given, When, Then (Unknown for `*`). */
export type StepType = 'Context' | 'Action' | 'Outcome' | 'Unknown';

export const STRENGTH_TAG: Record<Strength, string> = { SHALL: '@shall', MAY: '@may', COND: '@cond', RB: '@robustness' };
const STRENGTH_TAGS = Object.values(STRENGTH_TAG);

/** The tags the suite knows; any other is refused, so a misspelling cannot pass unseen. */
const KNOWN_TAGS = '@req:<id>, @clause:<clause>, @shall, @may, @cond, @robustness, @ics:<name>, @tc:<test case id>';
const isKnownTag = (t: string): boolean => /^@(req|clause|ics|tc):./.test(t) || STRENGTH_TAGS.includes(t);

/** An Examples column that names a sub-check of the scenario's requirement. */
const SUB_CHECK_COLUMNS = ['check', 'sub-check'];
/** A step that names one: `the INVITE passes the sub-check "oma-user-agent"`. */
const SUB_CHECK_IN_STEP = /\bsub-check "([^"]*)"/g;

type Located = { id: string; location: { line: number } };
type Row = Located & { cells: ReadonlyArray<{ value: string }> };
type Step = Located & { text: string };
type ScenarioNode = Located & { steps: readonly Step[]; examples: ReadonlyArray<{ tableHeader?: Row; tableBody: readonly Row[] }> };
type Container = { background?: { steps: readonly Step[] }; scenario?: ScenarioNode; rule?: { children: readonly Container[] } };

/** The scenarios of a feature file's text; throws the parser's message when it is not Gherkin. */
export function scenariosOf(text: string, uri: string): LintScenario[] {
  let n = 0;
  const newId = (): string => String(n++);
  const doc = new Parser(new AstBuilder(newId), new GherkinClassicTokenMatcher()).parse(text);
  // Where each node is, and each Examples row's cells by header, to place what the pickles say.
  const steps = new Map<string, Step>();
  const rows = new Map<string, { line: number; cells: Record<string, string> }>();
  const lineOf = new Map<string, number>();
  const walk = (children: readonly Container[]): void => {
    for (const c of children) {
      for (const s of c.background?.steps ?? []) steps.set(s.id, s);
      if (c.rule) walk(c.rule.children);
      if (!c.scenario) continue;
      lineOf.set(c.scenario.id, c.scenario.location.line);
      for (const s of c.scenario.steps) steps.set(s.id, s);
      for (const ex of c.scenario.examples) {
        const header = ex.tableHeader?.cells.map((cell) => cell.value) ?? [];
        for (const r of ex.tableBody) rows.set(r.id, { line: r.location.line, cells: Object.fromEntries(r.cells.map((cell, i) => [header[i], cell.value])) });
      }
    }
  };
  walk((doc.feature?.children ?? []) as readonly Container[]);
  return compile(doc, uri, newId).map((p) => {
    const row = p.astNodeIds.length > 1 ? rows.get(p.astNodeIds[1]) : undefined;
    return {
      line: lineOf.get(p.astNodeIds[0]) ?? 0,
      title: p.name,
      tags: p.tags.map((t) => t.name),
      steps: p.steps.map((s) => {
        const written = steps.get(s.astNodeIds[0]);
        const fromRow = row !== undefined && written !== undefined && written.text !== s.text;
        return { line: fromRow ? row.line : (written?.location.line ?? 0), text: s.text, type: s.type ?? 'Unknown' };
      }),
      row,
    };
  });
}

/**
 * What is wrong with one feature file: `file` is its path as messages give it (its base name
 * must be its requirement's `name`), `text` its content. Each problem once, in file order.
 */
export function lintFeature(file: string, text: string): string[] {
  let scenarios: LintScenario[];
  try {
    scenarios = scenariosOf(text, file);
  } catch (e) {
    return [`${file}: is not Gherkin: ${(e as Error).message}`];
  }
  if (scenarios.length === 0) return [`${file}: has no scenario`];
  const problems = new Set<string>();
  const at = (line: number, problem: string): void => void problems.add(`${file}:${line}: ${problem}`);
  const base = path.basename(file, '.feature');
  for (const s of scenarios) {
    for (const t of s.tags) if (!isKnownTag(t)) at(s.line, `${t} is not a tag of the suite (${KNOWN_TAGS})`);
    const ids = requirementIdsOf(s.tags);
    if (ids.length === 0) at(s.line, 'has no @req:<id> tag');
    const reqs: Requirement[] = [];
    for (const id of ids) {
      const r = findRequirement(id);
      if (r) reqs.push(r);
      else at(s.line, `@req:${id} is not a requirement of the catalogue (support/requirements.ts: ${CATALOGUE.map((c) => c.id).join(', ')})`);
    }
    for (const r of reqs) {
      const wanted = STRENGTH_TAG[r.strength];
      if (!s.tags.includes(wanted)) at(s.line, `${r.id} is ${r.strength}: the scenario needs ${wanted}`);
    }
    for (const t of s.tags.filter((tag) => STRENGTH_TAGS.includes(tag))) {
      if (reqs.length > 0 && !reqs.some((r) => STRENGTH_TAG[r.strength] === t)) at(s.line, `${t} is not the strength of ${reqs.map((r) => `${r.id} (${r.strength})`).join(', ')}`);
    }
    const clauses = s.tags.filter((t) => t.startsWith('@clause:')).map((t) => t.slice('@clause:'.length));
    if (clauses.length === 0) at(s.line, `has no @clause:<clause> tag${reqs.length > 0 ? ` (${reqs.map((r) => `${r.id}'s is @clause:${r.clause}`).join(', ')})` : ''}`);
    for (const c of clauses) {
      for (const r of reqs) if (c !== r.clause) at(s.line, `@clause:${c} differs from the catalogue: ${r.id}'s clause is ${r.clause}`);
    }
    for (const t of s.tags.filter((tag) => tag.startsWith('@ics:'))) {
      const name = t.slice('@ics:'.length);
      if (!Object.hasOwn(ICS_TAGS, name)) {
        const known = Object.entries(ICS_TAGS).map(([n, { field }]) => `@ics:${n} (ics.${field})`);
        at(s.line, `${t} names no ICS field of the SUT profile (ICS_TAGS, support/sut/sut-profile.ts: ${known.join(', ')})`);
      }
    }
    const named: Array<{ line: number; check: string }> = [];
    for (const step of s.steps) for (const m of step.text.matchAll(SUB_CHECK_IN_STEP)) named.push({ line: step.line, check: m[1] });
    for (const col of SUB_CHECK_COLUMNS) if (s.row && Object.hasOwn(s.row.cells, col)) named.push({ line: s.row.line, check: s.row.cells[col] });
    for (const { line, check } of named) {
      if (reqs.length > 0 && !reqs.some((r) => isSubCheck(r.id, check))) {
        const owners = requirementsOfSubCheck(check);
        const whose = owners.length > 0 ? ` but of ${owners.join(' and ')}` : '';
        at(line, `sub-check "${check}" is not a sub-check of ${reqs.map((r) => r.id).join(', ')}${whose} (${reqs.map((r) => `${r.id}'s: ${subChecksOf(r.id)!.join(', ')}`).join('; ')})`);
      }
    }
    testCaseProblems(s, reqs, at);
    for (const r of reqs) {
      if (r.name !== base) problems.add(`${file}: carries ${r.id}, whose name is "${r.name}": the file must be ${r.name}.feature, not ${base}.feature`);
    }
  }
  return [...problems];
}

/**
 * A scenario's test case id: one, from its `@tc:` tag or its Examples row's `tc` column, of the
 * shape SIMPLE_IM-1.0-con-RJ02-03, naming the scenario's own requirement.
 */
function testCaseProblems(s: LintScenario, reqs: readonly Requirement[], at: (line: number, problem: string) => void): void {
  const tagged = s.tags.filter((t) => t.startsWith(TC_TAG_PREFIX)).map((t) => t.slice(TC_TAG_PREFIX.length));
  const cell = s.row && Object.hasOwn(s.row.cells, TC_COLUMN) ? s.row.cells[TC_COLUMN] : undefined;
  const ids = [...tagged, ...(cell !== undefined ? [cell] : [])];
  const line = cell !== undefined ? s.row!.line : s.line;
  if (ids.length === 0) return at(s.line, `has no test case id (${TC_TAG_PREFIX}${TC_ID_PREFIX}<RJnn>-<nn> on a Scenario, a "${TC_COLUMN}" column in an Outline's Examples)`);
  if (ids.length > 1) return at(line, `has ${ids.length} test case ids (${ids.join(', ')}): give it one`);
  const requirement = requirementOfTestCase(ids[0]);
  if (!requirement) return at(line, `test case id "${ids[0]}" is not of the shape ${TC_ID_PREFIX}<RJnn>-<nn>`);
  if (reqs.length > 0 && !reqs.some((r) => r.id === requirement)) at(line, `test case id ${ids[0]} names ${requirement}, not the scenario's ${reqs.map((r) => r.id).join(', ')}`);
}

/** The test case id of each scenario of `files` given twice, wherever the two are: "<file>:<line>: …". */
export function duplicateTestCaseIds(files: ReadonlyArray<{ file: string; text: string }>): string[] {
  const seen = new Map<string, string>();
  const problems: string[] = [];
  for (const { file, text } of files) {
    for (const s of scenariosOf(text, file)) {
      const cell = s.row?.cells[TC_COLUMN];
      const id = s.tags.find((t) => t.startsWith(TC_TAG_PREFIX))?.slice(TC_TAG_PREFIX.length) ?? cell;
      if (id === undefined) continue;
      const where = `${file}:${cell !== undefined ? s.row!.line : s.line}`;
      const first = seen.get(id);
      if (first) problems.push(`${where}: test case id ${id} is already the id of ${first}`);
      else seen.set(id, where);
    }
  }
  return problems;
}

/** The problem with a SUT profile's `waivers`, as the profile loader (support/waivers.ts) words it. */
export function lintWaivers(file: string, profile: unknown): string[] {
  const raw = profile !== null && typeof profile === 'object' ? (profile as Record<string, unknown>).waivers : undefined;
  try {
    parseWaivers(raw, (field, problem) => {
      throw new Error(`${file}: field "${field}" ${problem}`);
    });
    return [];
  } catch (e) {
    return [(e as Error).message];
  }
}

/** The requirement ids a feature file's scenarios carry (feature and rule tags included); `file` relative to `root`. */
export function requirementsOfFeature(root: string, file: string): Set<string> {
  return new Set(scenariosOf(fs.readFileSync(path.join(root, file), 'utf8'), file).flatMap((s) => requirementIdsOf(s.tags)));
}

/** The files under `dir` whose names end with `suffix`, sorted, as paths relative to `root`. */
export function filesUnder(root: string, dir: string, suffix: string): string[] {
  const walk = (d: string): string[] =>
    fs.readdirSync(path.join(root, d), { withFileTypes: true }).flatMap((e) => {
      const rel = path.join(d, e.name);
      return e.isDirectory() ? walk(rel) : e.name.endsWith(suffix) ? [rel] : [];
    });
  return fs.existsSync(path.join(root, dir)) ? walk(dir).sort() : [];
}
