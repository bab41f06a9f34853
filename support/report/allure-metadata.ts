import * as allure from 'allure-js-commons';
import { findRequirement, SUITE_CLAUSE, SUITE_CLAUSE_TITLE } from '../requirements';
import { titledName } from './test-case-id';

export const EPIC = 'OMA SIMPLE IM';
export const FEATURE = `${SUITE_CLAUSE} ${SUITE_CLAUSE_TITLE}`;

/**
 * Where a scenario's clause link points. OMA publishes the SIMPLE IM TS under its release
 * programme; the clause itself has no stable anchor, so the link names the clause and a lab can
 * point it at its own copy of the spec with SPEC_URL.
 */
export function clauseLink(clause: string): { url: string; name: string } {
  const url = process.env.SPEC_URL || 'https://www.openmobilealliance.org/release/SIMPLE_IM/';
  return { url, name: `OMA-TS-SIMPLE_IM clause ${clause}` };
}

/**
 * Allure labels of a scenario, from its tags: story per requirement, severity from SHALL/MAY.
 * Its stable test case id heads its title and is its testCaseId and historyId, so a lab finds it
 * by id and its history survives a reworded title.
 */
export async function describeScenarioToAllure(tags: readonly string[], requirementIds: readonly string[], testCase: { id: string; name: string }): Promise<void> {
  await allure.displayName(titledName(testCase.id, testCase.name));
  await allure.testCaseId(testCase.id);
  await allure.historyId(testCase.id);
  await allure.epic(EPIC);
  await allure.feature(FEATURE);
  for (const id of requirementIds) {
    const r = findRequirement(id);
    if (r) await allure.story(`${r.id} ${r.title}`);
  }
  const severity = tags.includes('@shall') || tags.includes('@cond') ? 'critical' : tags.includes('@may') ? 'minor' : 'normal';
  await allure.severity(severity);
  for (const tag of tags.filter((t) => t.startsWith('@clause:'))) {
    const { url, name } = clauseLink(tag.slice('@clause:'.length));
    await allure.link(url, name);
  }
}
