import * as allure from 'allure-js-commons';
import { findRequirement, SUITE_CLAUSE, SUITE_CLAUSE_TITLE } from '../requirements';

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

/** Allure labels of a scenario, from its tags: story per requirement, severity from SHALL/MAY. */
export async function describeScenarioToAllure(tags: readonly string[], requirementIds: readonly string[]): Promise<void> {
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
