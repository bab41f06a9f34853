// Registers Allure's runtime (its BeforeAll); without this import allure-js-commons calls are ignored.
import 'allure-cucumberjs';
import { After, AfterAll, Before, BeforeStep, setDefaultTimeout, setWorldConstructor, Status, type IWorldOptions } from '@cucumber/cucumber';
import * as fs from 'node:fs';
import { scenarioEvidence, scenarioEvidenceFile, writeScenarioEvidence } from './evidence/scenario-evidence';
import { reportsDir } from './project';
import { describeScenarioToAllure } from './report/allure-metadata';
import { VERDICT_FILE_NAME, verdictsFromFindings, type VerdictRecord } from './report/verdict-record';
import { TC_ID, testCaseIdOf } from './report/test-case-id';
import { findRequirement, requirementIdsOf } from './requirements';
import { ConformanceWorld, suiteProfile } from './world';
import { runClients as clients, warmUpRunClient } from './sut/run-clients';
import { Inconclusive } from './verdict-errors';

// The process's one owner of a client kept between scenarios (profile process.reuse): every
// scenario's World gets it, AfterAll stops what it holds at the run's end.

setWorldConstructor(
  class extends ConformanceWorld {
    constructor(options: IWorldOptions) {
      super(options, clients);
    }
  },
);

// A kept client starts now, while Cucumber still prepares the run.
warmUpRunClient(suiteProfile);
// Steps wait on the network with their own bounded timeouts (INVITE timeout, Timer B); this is
// only the backstop that turns a stuck step into a test-bed error instead of a hang.
setDefaultTimeout(60_000);

// allure-cucumberjs reports hooks as set-up/tear-down fixtures unless they carry this name; these
// two belong to the test itself (its labels, its evidence), so they take it.
const PART_OF_THE_TEST = 'ALLURE_FIXTURE_IGNORE';

Before({ name: PART_OF_THE_TEST }, async function (this: ConformanceWorld, { pickle, gherkinDocument }) {
  const tags = pickle.tags.map((t) => t.name);
  const ids = requirementIdsOf(tags);
  this.verdicts.requirementIds = ids;
  const unknown = ids.filter((id) => !findRequirement(id));
  if (ids.length === 0 || unknown.length > 0) {
    throw new Error(`test-bed error: the scenario must carry @req:<id> tags from the catalogue (unknown: ${unknown.join(', ') || 'none given'})`);
  }
  const id = testCaseIdOf(pickle, gherkinDocument);
  if (!id || !TC_ID.test(id)) throw new Error(`test-bed error: the scenario has no test case id of the shape SIMPLE_IM-1.0-con-RJ02-03 (a @tc: tag, or a tc column in its Examples)${id ? `: "${id}"` : ''}`);
  this.testCaseId = id;
  // A retried scenario's earlier attempt must not stand for this one if this one records nothing.
  fs.rmSync(scenarioEvidenceFile(reportsDir(), id), { force: true });
  await describeScenarioToAllure(tags, ids, { id, name: pickle.name });
});

// The step running now, so a Given that comes too late is named in its test-bed error.
BeforeStep(function (this: ConformanceWorld, { pickleStep }) {
  this.setup.step = pickleStep.text;
});

After({ name: PART_OF_THE_TEST }, async function (this: ConformanceWorld, { pickle, result }) {
  // Lets the client's last messages (an ACK) in; a client still retransmitting into silence
  // (RB-02) is not waited for longer than two of its own T1.
  await this.actions.settle(Math.min(1000, 2 * this.profile.ixit.t1Ms));
  await this.bed.release();

  // A step that crashed for a reason no check explains is a test-bed error: INCONC, never PASS.
  const { findings, requirementIds } = this.verdicts;
  const explained = findings.some((f) => f.verdict !== 'PASS');
  if (result?.status === Status.FAILED && !explained) {
    this.verdicts.observe(
      requirementIds.map((requirement) => ({
        requirement,
        check: 'test-bed',
        verdict: 'INCONC' as const,
        summary: `INCONC: test-bed error: ${(result.message ?? '').split('\n')[0]}`,
      })),
    );
  }
  const record: VerdictRecord = { verdicts: verdictsFromFindings(requirementIds, findings), findings };
  // The evidence bundle's copy: the raw messages and each check call, for `npm run rejudge`.
  if (this.testCaseId) {
    const scenario = { id: this.testCaseId, name: pickle.name, uri: pickle.uri, tags: pickle.tags.map((t) => t.name), requirementIds };
    writeScenarioEvidence(reportsDir(), scenarioEvidence(scenario, this.bed.trace, this.verdicts.entries, record));
  }

  // The step that judged has the evidence it judged on; the messages after it (the ACK, the
  // BYE) come here, as does all of it when no step got to judge (INCONC before the verdict).
  this.evidence.atEnd(findings, this.bed.clientLog());
  this.attach(JSON.stringify(record, null, 2), { mediaType: 'application/json', fileName: VERDICT_FILE_NAME });

  // Guard against silent passes: a scenario that passed without judging its requirements.
  const unjudged = record.verdicts.filter((v) => v.verdict === 'INCONC' || v.verdict === 'FAIL');
  if (result?.status === Status.PASSED && unjudged.length > 0) {
    throw new Inconclusive(unjudged.map((v) => `${v.requirement}: ${v.reason}`).join('\n'));
  }
});

// A client process kept between scenarios (profile process.reuse) ends with the run.
AfterAll(async function () {
  await clients.stop();
});
