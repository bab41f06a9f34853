import * as fs from 'node:fs';
import * as path from 'node:path';
import type { VerdictRecord } from '../report/verdict-record';
import type { JudgementEntry } from '../scenario/judge';
import type { RecordedMessage } from '../sip/recorded-message';
import { messageEvidence, type MessageEvidence } from './recorded-evidence';

export const SCENARIO_EVIDENCE_FORMAT = 'simple-im-conformance/scenario-evidence/1';

/** reports/evidence/: a scenario's evidence is scenarios/<test case id>.json, the manifest beside. */
export const EVIDENCE_DIR = 'evidence';
export const SCENARIOS_DIR = 'scenarios';

/**
 * One scenario's evidence (docs/evidence.md): every message that crossed the wire, raw; how its
 * verdict came about, check call by check call; and the verdict it was given. Enough to judge it
 * again with no client and no network.
 */
export interface ScenarioEvidence {
  format: typeof SCENARIO_EVIDENCE_FORMAT;
  /** The stable test case id. */
  id: string;
  name: string;
  /** The feature file, and the scenario's tags (its own and inherited). */
  uri: string;
  tags: string[];
  requirementIds: string[];
  messages: MessageEvidence[];
  judgements: JudgementEntry[];
  /** The scenario's verdict as the run gave it: per requirement, and the findings (waivers applied). */
  verdict: VerdictRecord;
}

export function scenarioEvidence(
  scenario: { id: string; name: string; uri: string; tags: readonly string[]; requirementIds: readonly string[] },
  trace: readonly RecordedMessage[],
  judgements: readonly JudgementEntry[],
  verdict: VerdictRecord,
): ScenarioEvidence {
  return {
    format: SCENARIO_EVIDENCE_FORMAT,
    id: scenario.id,
    name: scenario.name,
    uri: scenario.uri,
    tags: [...scenario.tags],
    requirementIds: [...scenario.requirementIds],
    messages: trace.map(messageEvidence),
    judgements: [...judgements],
    verdict,
  };
}

/** Where a scenario's evidence goes; a retried scenario's last attempt replaces the earlier. */
export function scenarioEvidenceFile(reportsDir: string, id: string): string {
  return path.join(reportsDir, EVIDENCE_DIR, SCENARIOS_DIR, `${id}.json`);
}

export function writeScenarioEvidence(reportsDir: string, evidence: ScenarioEvidence): void {
  const file = scenarioEvidenceFile(reportsDir, evidence.id);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(evidence, null, 1)}\n`);
}
