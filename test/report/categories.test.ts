import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { formatError } from '@cucumber/cucumber/lib/runtime/format_error';
import { fail, inconclusive, unparsable } from '../../support/checks/finding';
import { PROJECT_ROOT } from '../../support/project';
import { generateAllureHtml, javaAvailable } from '../../support/report/allure-html';
import { titledName } from '../../support/report/test-case-id';
import { requirement } from '../../support/requirements';
import { inconclusiveError, verdictError } from '../../support/scenario/judge';
import { recorded } from '../helpers/messages';
import { runConformance } from '../helpers/run-suite';

/**
 * The report's Categories tab must file every verdict where docs/INTERPRETING.md says: a FAIL by
 * the strength of its requirement, a client-side INCONC under "Inconclusive", only the suite's own
 * trouble under "Test-bed error", N/A under "Not applicable". Allure 2 files a result under every
 * category whose Java regex matches the whole message, so each must land in exactly one.
 */
interface Category {
  name: string;
  matchedStatuses: string[];
  messageRegex?: string;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { CATEGORIES } = require(path.join(PROJECT_ROOT, 'cucumber.js')) as { CATEGORIES: Category[] };
const [SHALL, MAY, RB, NA, INCONC, TEST_BED] = CATEGORIES.map((c) => c.name);
const noJava = javaAvailable() ? false : 'no Java: Allure (and its regex engine) runs on Java 17';

/** Which categories each (status, message) falls in, with Java's regex engine as Allure uses it. */
function categoriesOf(results: Array<{ status: string; message: string }>): string[][] {
  const withRegex = CATEGORIES.filter((c) => c.messageRegex !== undefined);
  const run = spawnSync('java', [path.join(PROJECT_ROOT, 'test', 'data', 'java', 'CategoryMatch.java'), String(withRegex.length), ...withRegex.map((c) => c.messageRegex!), ...results.map((r) => r.message)], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const lines = run.stdout.split('\n').slice(0, results.length);
  return results.map((r, i) => {
    const matched = new Set(lines[i].split(' ').filter((x) => x !== '').map((x) => withRegex[Number(x)].name));
    return CATEGORIES.filter((c) => c.matchedStatuses.includes(r.status) && (c.messageRegex === undefined || matched.has(c.name))).map((c) => c.name);
  });
}

/** The status message Allure takes from Cucumber for a step that threw `error`. */
const messageOf = (error: Error | string | undefined): string => formatError(error!, true).message!;
const failOf = (...ids: string[]) => ({ status: 'failed', message: messageOf(verdictError(ids.map((id) => fail(id, 'x', `${id} went wrong`, { expected: 'a', seen: 'b' })))) });

const CASES: Array<[string, { status: string; message: string }, string]> = [
  ['a SHALL FAIL', failOf('RJ-01'), SHALL],
  ['a COND FAIL', failOf('RJ-09'), SHALL],
  ['a MAY FAIL', failOf('RJ-08'), MAY],
  ['an RB FAIL', failOf('RB-02'), RB],
  ['a SHALL and an RB FAIL in one step', failOf('RJ-05', 'RB-04'), SHALL],
  ['an RB and a MAY FAIL in one step', failOf('RB-06', 'RJ-08'), MAY],
  ['the failing Compliance matrix', { status: 'failed', message: 'SHALL requirement(s) not passed:\nRJ-01 SHALL FAIL: RJ-01 FAIL: no User-Agent' }, SHALL],
  ['a client-side INCONC of judge()', { status: 'broken', message: messageOf(verdictError([inconclusive('RJ-07', 'x', 'the client sent no later request in the session')])) }, INCONC],
  ['several client-side INCONCs of judge()', { status: 'broken', message: messageOf(verdictError(['a', 'b', 'c'].map((c) => inconclusive('RJ-05', c, 'there is no ACK to judge', { expected: 'an ACK' })))) }, INCONC],
  ['an INCONC that names the FAIL it follows from', { status: 'broken', message: messageOf(verdictError([unparsable('RJ-02', 'request-uri', recorded('GARBAGE'), 'its Request-URI', 'RJ-01')])) }, INCONC],
  ['the World\'s INCONC', { status: 'broken', message: messageOf(inconclusiveError('the client sent no INVITE within 5000 ms')) }, INCONC],
  ['an INCONC naming the test bed', { status: 'broken', message: messageOf(inconclusiveError('the test bed sent no final response to the INVITE (message #1)')) }, INCONC],
  ['"INCONC: test-bed error: …"', { status: 'broken', message: 'INCONC: test-bed error: TypeError: x is undefined' }, TEST_BED],
  ['a step\'s "test-bed error: …"', { status: 'broken', message: messageOf(new Error('test-bed error: no sub-check "x" (known: a, b)')) }, TEST_BED],
  ['an unexpected exception', { status: 'broken', message: messageOf(new TypeError("Cannot read properties of undefined (reading 'sip')")) }, TEST_BED],
  ['a step timeout', { status: 'broken', message: messageOf('function timed out, ensure the promise resolves within 60000 milliseconds') }, TEST_BED],
  ['an unjudged scenario', { status: 'broken', message: 'no check judged RJ-02 in this scenario' }, TEST_BED],
  ['an assertion of the test bed itself', { status: 'failed', message: messageOf(new assert.AssertionError({ message: 'the IM Server lost its port' })) }, TEST_BED],
  ['a FAIL-looking text inside another exception', { status: 'broken', message: messageOf(new Error('wrapped: SHALL requirement RJ-01 FAIL\nRJ-01 FAIL: x')) }, TEST_BED],
  ['an N/A', { status: 'skipped', message: 'N/A: the client does not declare TCP (ics.transports)' }, NA],
];

test('each kind of verdict message falls in exactly its category, by Java\'s regex engine as Allure matches', { skip: noJava }, () => {
  const got = categoriesOf(CASES.map(([, r]) => r));
  CASES.forEach(([what, r, want], i) => assert.deepEqual(got[i], [want], `${what}:\n${r.message}`));
});

test('docs/INTERPRETING.md names the categories of cucumber.js, in its order', () => {
  const doc = fs.readFileSync(path.join(PROJECT_ROOT, 'docs', 'INTERPRETING.md'), 'utf8');
  const section = doc.slice(doc.indexOf('- **Categories**'), doc.indexOf('- **Severity**'));
  assert.ok(section.length > 0, 'a Categories item');
  assert.deepEqual([...section.matchAll(/\*([^*\n]+)\*/g)].map((m) => m[1]).filter((n) => n !== 'Categories'), CATEGORIES.map((c) => c.name));
});

/**
 * A real run whose report has each kind: a client that sends its INVITE and then nothing
 * (test/data/profiles/half-client.json: FAILs of SHALL, COND, MAY and RB, the client-side INCONC
 * of RJ-07, the World's INCONC of RB-06, N/A over TCP), plus a defective scenario of test data
 * (a test-bed error). Allure's own data/categories.json must file each as its verdict says.
 */
test('in a real report, each scenario is in exactly the category its verdict asks, the Compliance matrix under non-compliant', { skip: noJava, timeout: 120_000 }, async () => {
  const tags = '@req:RJ-01 or @req:RJ-07 or @req:RJ-08 or @req:RJ-09 or @req:RB-02 or @req:RB-06';
  const run = await runConformance({ args: ['--sut', 'test/data/profiles/half-client.json', '--tags', tags, 'features', 'test/data/features/test-bed-error.feature'] });
  assert.equal(run.exitCode, 1, run.output.slice(-3000));
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'allure-categories-'));
  const html = generateAllureHtml(path.join(run.reportsDir, 'allure-results'), out, { singleFile: false });
  assert.ok(html.ok, html.output);

  interface Node {
    name: string;
    status?: string;
    children?: Node[];
  }
  const tree = JSON.parse(fs.readFileSync(path.join(out, 'data', 'categories.json'), 'utf8')) as Node;
  const filed = new Map<string, string[]>();
  const leaves = (n: Node): Node[] => (n.children ? n.children.flatMap(leaves) : [n]);
  for (const category of tree.children ?? []) for (const leaf of leaves(category)) filed.set(leaf.name, [...(filed.get(leaf.name) ?? []), category.name]);

  const expected = (verdict: string, id: string, reason: string): string[] => {
    if (verdict === 'PASS') return [];
    if (verdict === 'N/A') return [NA];
    if (verdict === 'INCONC') return /^(INCONC: )?test-bed error/.test(reason) ? [TEST_BED] : [INCONC];
    const strength = requirement(id).strength;
    return [strength === 'MAY' ? MAY : strength === 'RB' ? RB : SHALL];
  };
  const seen = new Set<string>();
  for (const r of run.summary.requirements) {
    for (const s of r.scenarios) {
      const want = expected(s.verdict, r.id, s.reason);
      assert.deepEqual(filed.get(titledName(s.id, s.name)) ?? [], want, `${r.id} ${s.verdict} "${s.name}": ${s.reason.split('\n')[0]}`);
      seen.add(`${s.verdict === 'FAIL' ? requirement(r.id).strength : ''} ${s.verdict} ${want.join()}`);
    }
  }
  const matrix = [...filed.entries()].find(([name]) => name.startsWith('Compliance matrix'));
  assert.deepEqual(matrix?.[1], [SHALL], 'the failing gate is filed as non-compliant');
  // The run had each kind, so the assertions above covered every route.
  for (const kind of [`SHALL FAIL ${SHALL}`, `COND FAIL ${SHALL}`, `MAY FAIL ${MAY}`, `RB FAIL ${RB}`, ` INCONC ${INCONC}`, ` INCONC ${TEST_BED}`, ` N/A ${NA}`]) assert.ok(seen.has(kind), `no "${kind}" in the run: ${[...seen].join('; ')}`);
  const reasons = run.summary.requirements.flatMap((r) => r.scenarios.filter((s) => s.verdict === 'INCONC').map((s) => s.reason));
  assert.ok(reasons.some((x) => /^RJ-07 INCONC: the client sent no later request/.test(x)), 'a client-side INCONC of judge()');
  assert.ok(reasons.some((x) => /^INCONC: the client sent no SUBSCRIBE/.test(x)), "the World's INCONC");
});
