import * as fs from 'node:fs';
import * as path from 'node:path';
import { VERDICT_FILE_NAME, worstVerdict, type VerdictRecord } from './verdict-record';

interface ResultNode {
  status?: string;
  statusDetails?: { message?: string; trace?: string };
  attachments?: Array<{ name: string; source: string }>;
  steps?: ResultNode[];
}

/**
 * Makes each scenario's Allure status the one docs/INTERPRETING.md gives its verdict, from the
 * verdict.json it carries, before the report is built. allure-cucumberjs takes the worst step's
 * status, where "passed" outranks "skipped": an N/A scenario whose first step passed (the IM
 * Server's conference) before the applicability step returned "skipped" would show as passed,
 * and so in no category. And it ignores the suite's own hooks, so a scenario the After hook
 * found unjudged, or whose Before hook failed, would show as passed or skipped. Here N/A becomes
 * skipped (with its reason), and an INCONC the steps did not report becomes broken (with its
 * reasons, which file it as a test-bed error). A FAIL or INCONC a step reported is left as it is.
 */
export function alignStatusWithVerdict(resultsDir: string): void {
  for (const file of fs.readdirSync(resultsDir).filter((f) => f.endsWith('-result.json'))) {
    const full = path.join(resultsDir, file);
    const result = JSON.parse(fs.readFileSync(full, 'utf8')) as ResultNode;
    const source = verdictAttachment(result);
    if (!source || !fs.existsSync(path.join(resultsDir, source))) continue;
    const record = JSON.parse(fs.readFileSync(path.join(resultsDir, source), 'utf8')) as VerdictRecord;
    const verdict = record.verdicts.length === 0 ? 'INCONC' : worstVerdict(record.verdicts.map((v) => v.verdict));
    const reasons = record.verdicts.filter((v) => v.verdict === verdict).map((v) => v.reason);
    let status: string | undefined;
    let message: string | undefined;
    // A step that broke after the N/A keeps its status: that is not hidden.
    if (verdict === 'N/A' && (result.status === 'passed' || result.status === undefined)) [status, message] = ['skipped', reasons.join('\n')];
    else if (verdict === 'INCONC' && result.status !== 'broken' && result.status !== 'failed') {
      [status, message] = ['broken', reasons.join('\n') || 'INCONC: test-bed error: the scenario recorded no verdict'];
    }
    if (!status) continue;
    result.status = status;
    result.statusDetails = { ...result.statusDetails, message };
    fs.writeFileSync(full, JSON.stringify(result));
  }
}

/** The verdict.json a scenario attached; allure-cucumberjs puts a hook's attachments inside steps. */
function verdictAttachment(node: ResultNode): string | undefined {
  const own = node.attachments?.find((a) => a.name === VERDICT_FILE_NAME)?.source;
  if (own) return own;
  for (const step of node.steps ?? []) {
    const found = verdictAttachment(step);
    if (found) return found;
  }
  return undefined;
}
