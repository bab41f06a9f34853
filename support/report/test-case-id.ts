/**
 * Stable test case ids, after OMA's Enabler Test Specifications (`<enabler>-<version>-con-<number>`):
 * SIMPLE_IM-1.0-con-RJ02-03 is the third test case of RJ-02. A plain Scenario carries its id as a
 * tag (`@tc:SIMPLE_IM-1.0-con-RJ05-07`), an Outline gives each Examples row its own in a `tc`
 * column. An id is never reused or renumbered: a test case that goes retires its id, a new one
 * takes the next free number, so "SIMPLE_IM-1.0-con-RJ02-03 failed" finds the same test next year.
 */
export const TC_TAG_PREFIX = '@tc:';
export const TC_COLUMN = 'tc';
export const TC_ID_PREFIX = 'SIMPLE_IM-1.0-con-';
/** The id's shape; its requirement part is the scenario's @req without the dash. */
export const TC_ID = /^SIMPLE_IM-1\.0-con-(R[JB])(\d{2})-(\d{2})$/;

/** The requirement id (RJ-02) an id names, or undefined when it is not an id. */
export function requirementOfTestCase(id: string): string | undefined {
  const m = TC_ID.exec(id);
  return m ? `${m[1]}-${m[2]}` : undefined;
}

interface Cell {
  value: string;
}
interface Row {
  id: string;
  cells: readonly Cell[];
}
interface ScenarioNode {
  examples: ReadonlyArray<{ tableHeader?: { cells: readonly Cell[] }; tableBody: readonly Row[] }>;
}
interface Child {
  scenario?: ScenarioNode;
  rule?: { children: readonly Child[] };
}
/** What this module reads of a Gherkin document (the full type is @cucumber/messages'). */
export interface GherkinDocumentLike {
  feature?: { children: readonly Child[] };
}
/** What it reads of a pickle: its tags, and the AST nodes it came from (scenario, then Examples row). */
export interface PickleLike {
  tags: ReadonlyArray<{ name: string }>;
  astNodeIds: readonly string[];
}

/**
 * A pickle's test case id: its `@tc:` tag, else its Examples row's `tc` cell. Undefined when it
 * has neither (the feature lint refuses such a scenario).
 */
export function testCaseIdOf(pickle: PickleLike, doc: GherkinDocumentLike | undefined): string | undefined {
  const tagged = pickle.tags.map((t) => t.name).find((t) => t.startsWith(TC_TAG_PREFIX));
  if (tagged) return tagged.slice(TC_TAG_PREFIX.length);
  const rowId = pickle.astNodeIds[1];
  if (rowId === undefined || !doc?.feature) return undefined;
  return rowCell(doc.feature.children, rowId, TC_COLUMN);
}

function rowCell(children: readonly Child[], rowId: string, column: string): string | undefined {
  for (const c of children) {
    if (c.rule) {
      const found = rowCell(c.rule.children, rowId, column);
      if (found !== undefined) return found;
    }
    for (const ex of c.scenario?.examples ?? []) {
      const row = ex.tableBody.find((r) => r.id === rowId);
      if (!row) continue;
      const at = (ex.tableHeader?.cells ?? []).findIndex((h) => h.value === column);
      return at >= 0 ? row.cells[at]?.value : undefined;
    }
  }
  return undefined;
}

/** How a test case is named where a name is all there is (junit, the Allure title, the console). */
export function titledName(id: string | undefined, name: string): string {
  return id ? `${id} ${name}` : name;
}

/**
 * The JUnit formatter's naming strategy (@cucumber/junit-xml-formatter's `testNamingStrategy`):
 * each <testcase> is named by its test case id and title, so a CI dashboard shows the id.
 */
export const junitNaming = {
  reduce: (lineage: { gherkinDocument?: GherkinDocumentLike }, pickle: PickleLike & { name: string }): string => titledName(testCaseIdOf(pickle, lineage.gherkinDocument), pickle.name),
};
