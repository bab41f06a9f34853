import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AstBuilder, compile, GherkinClassicTokenMatcher, Parser } from '@cucumber/gherkin';
import { matrixText } from '../../support/report/matrix-text';
import { buildSummary } from '../../support/report/summary';
import { junitNaming, requirementOfTestCase, testCaseIdOf } from '../../support/report/test-case-id';

const FEATURE = `@req:RJ-05 @shall @clause:7.1.1.9
Feature: f
  Rule: r
    @tc:SIMPLE_IM-1.0-con-RJ05-07
    Scenario: plain
      Given a

    Scenario Outline: outline <transport>
      Given <transport>
      Examples:
        | tc                        | transport |
        | SIMPLE_IM-1.0-con-RJ05-01 | UDP       |
        | SIMPLE_IM-1.0-con-RJ05-02 | TCP       |

  Scenario: no id
    Given b
`;

function parsed() {
  let n = 0;
  const newId = (): string => String(n++);
  const doc = new Parser(new AstBuilder(newId), new GherkinClassicTokenMatcher()).parse(FEATURE);
  return { doc, pickles: compile(doc, 'f.feature', newId) };
}

test('a pickle takes its id from its @tc: tag, an Outline row from its tc cell; none is undefined', () => {
  const { doc, pickles } = parsed();
  assert.deepEqual(
    pickles.map((p) => [p.name, testCaseIdOf(p, doc)]),
    [
      ['plain', 'SIMPLE_IM-1.0-con-RJ05-07'],
      ['outline UDP', 'SIMPLE_IM-1.0-con-RJ05-01'],
      ['outline TCP', 'SIMPLE_IM-1.0-con-RJ05-02'],
      ['no id', undefined],
    ],
  );
  assert.equal(testCaseIdOf(pickles[1], undefined), undefined, 'a row id needs its document');
});

test('the JUnit name is "<id> <title>", the title alone when there is no id', () => {
  const { doc, pickles } = parsed();
  assert.deepEqual(
    pickles.map((p) => junitNaming.reduce({ gherkinDocument: doc }, p)),
    ['SIMPLE_IM-1.0-con-RJ05-07 plain', 'SIMPLE_IM-1.0-con-RJ05-01 outline UDP', 'SIMPLE_IM-1.0-con-RJ05-02 outline TCP', 'no id'],
  );
});

test('an id names its requirement; anything else names none', () => {
  assert.equal(requirementOfTestCase('SIMPLE_IM-1.0-con-RB02-11'), 'RB-02');
  for (const bad of ['SIMPLE_IM-1.0-con-RJ02-1', 'SIMPLE_IM-1.0-int-RJ02-01', 'RJ02-01', 'SIMPLE_IM-1.0-con-RX02-01']) assert.equal(requirementOfTestCase(bad), undefined, bad);
});

test('the console matrix lists every test case that did not pass by its id, and none when all passed', () => {
  const suite = { name: 's', version: '1' };
  const sut = { name: 'c', version: '1', adapter: 'process' };
  const failed = matrixText(
    buildSummary(suite, sut, [
      { id: 'SIMPLE_IM-1.0-con-RJ02-03', name: 'Ensure that a', requirement: 'RJ-02', verdict: 'FAIL', reason: 'RJ-02 FAIL: the Request-URI\nsecond line' },
      { id: 'SIMPLE_IM-1.0-con-RJ02-04', name: 'Ensure that b', requirement: 'RJ-02', verdict: 'PASS', reason: 'ok' },
      { id: 'SIMPLE_IM-1.0-con-RJ05-01', name: 'Ensure that c', requirement: 'RJ-05', verdict: 'INCONC', reason: 'INCONC: no INVITE' },
    ]),
  );
  assert.match(failed, /\nTest cases not passed \(2\):\n {2}SIMPLE_IM-1\.0-con-RJ02-03 RJ-02 FAIL {3}Ensure that a\n {6}RJ-02 FAIL: the Request-URI\n {2}SIMPLE_IM-1\.0-con-RJ05-01 RJ-05 INCONC Ensure that c\n/);
  assert.doesNotMatch(failed, /RJ02-04/);
  assert.doesNotMatch(matrixText(buildSummary(suite, sut, [{ id: 'SIMPLE_IM-1.0-con-RJ02-04', name: 'b', requirement: 'RJ-02', verdict: 'PASS', reason: 'ok' }])), /Test cases not passed/);
});
