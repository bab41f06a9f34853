import { parseEnvInfo, stringifyEnvInfo } from 'allure-js-commons/sdk/reporter';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findRequirement, gatesCompliance } from '../requirements';
import { rowReason } from './matrix-text';
import { notCovered, notSelected, type Summary } from './summary';

/**
 * What Allure 2's Overview page shows as it opens, with no click: the summary widget's title
 * (the report name), the Environment widget's first five rows (the rest sit behind its "Show
 * all") and the Executors widget. allure-commandline takes the report name from the results'
 * executor.json when `generate` is given no --report-name.
 */
export interface Overview {
  /** The summary widget's title: "COMPLIANT — <SUT>" or "NOT COMPLIANT: RJ-02, … — <SUT>". */
  reportName: string;
  /** The Environment widget's rows, in order: the verdict, the SUT, the matrix, then one row per requirement. */
  environment: Array<[string, string]>;
}

export interface OverviewOptions {
  /** --strict: MAY and robustness requirements gated too. */
  strict?: boolean;
}

/** Allure 2's executor.json (allure-plugin-api's ExecutorInfo): every field it reads, no other. */
export interface ExecutorInfo {
  /** The Executors widget's left column, after the icon. */
  name: string;
  /** The icon: Allure 2.46 draws its own for github, gitlab, jenkins (and bamboo, teamcity, circleci, bitbucket, azure), a plain one for any other. */
  type: string;
  /** The CI engine's page of the project or pipeline; in executor.json, not shown by the widget. */
  url?: string;
  /** The number Allure labels this run's Trend point with (`#12`); the newest build order's executor names the report's trend entry. */
  buildOrder?: number;
  /** The widget's right column, a link to buildUrl when there is one. */
  buildName: string;
  buildUrl?: string;
  /** The summary widget's title (allure-commandline takes it when `generate` has no --report-name). */
  reportName: string;
  /** Where the report is published; each test's History tab and the Trend link to it. Unknown here. */
  reportUrl?: string;
}

/** Who ran the suite and on which machine; either may be unknown. */
export interface HostInfo {
  user?: string;
  host?: string;
}

/** The user and host name of this process: os.userInfo() throws for a uid with no account (a container's). */
export function hostInfo(env: NodeJS.ProcessEnv = process.env): HostInfo {
  let user: string | undefined;
  try {
    user = os.userInfo().username;
  } catch {
    user = env.USER || env.USERNAME || env.LOGNAME;
  }
  let host: string | undefined;
  try {
    host = os.hostname();
  } catch {
    host = undefined;
  }
  return { user: user || undefined, host: host || undefined };
}

export interface ExecutorOptions {
  /** The environment variables a CI engine sets (process.env in a run). */
  env?: NodeJS.ProcessEnv;
  host?: HostInfo;
  /** The build order when no CI engine gives one (a local run): support/report/allure-history.ts counts them per SUT. */
  localBuildOrder?: number;
  /** The widget's right column when it is not COMPLIANT / NOT COMPLIANT (a campaign's INCOMPLETE). */
  buildName?: string;
}

/** What a CI engine says of the build that ran the suite. */
interface CiBuild {
  engine: string;
  type: string;
  /** "conformance #12, job gate", as the engine names the build. */
  label: string;
  url?: string;
  buildUrl?: string;
  buildOrder?: number;
}

/**
 * The CI build that runs this process, from the variables each engine documents: GitHub Actions
 * (GITHUB_ACTIONS), GitLab CI/CD (GITLAB_CI), Jenkins (JENKINS_URL or JENKINS_HOME), then any
 * engine that sets BUILD_URL (Jenkins' names, which others copy). An empty variable is unset.
 */
function ciBuild(env: NodeJS.ProcessEnv): CiBuild | undefined {
  const v = (name: string): string | undefined => env[name]?.trim() || undefined;
  const order = (...names: string[]): number | undefined => {
    const n = names.map(v).find((x) => x !== undefined && /^\d{1,15}$/.test(x));
    return n === undefined ? undefined : Number(n);
  };
  if (v('GITHUB_ACTIONS') === 'true' || v('GITHUB_RUN_ID')) {
    const server = v('GITHUB_SERVER_URL') ?? 'https://github.com';
    const repo = v('GITHUB_REPOSITORY');
    const run = v('GITHUB_RUN_ID');
    const attempt = order('GITHUB_RUN_ATTEMPT');
    const number = v('GITHUB_RUN_NUMBER');
    return {
      engine: 'GitHub Actions',
      type: 'github',
      label: `${v('GITHUB_WORKFLOW') ?? 'workflow'}${number ? ` #${number}` : ''}${v('GITHUB_JOB') ? `, job ${v('GITHUB_JOB')}` : ''}`,
      url: httpUrl(repo && `${server}/${repo}/actions`),
      buildUrl: httpUrl(repo && run && `${server}/${repo}/actions/runs/${run}${attempt && attempt > 1 ? `/attempts/${attempt}` : ''}`),
      buildOrder: order('GITHUB_RUN_NUMBER'),
    };
  }
  if (v('GITLAB_CI') === 'true' || v('CI_JOB_ID')) {
    return {
      engine: 'GitLab CI',
      type: 'gitlab',
      label: `job${v('CI_JOB_NAME') ? ` ${v('CI_JOB_NAME')}` : ''}${v('CI_JOB_ID') ? ` #${v('CI_JOB_ID')}` : ''}`,
      url: httpUrl(v('CI_PIPELINE_URL')),
      buildUrl: httpUrl(v('CI_JOB_URL')) ?? httpUrl(v('CI_PIPELINE_URL')),
      // The pipeline's number in its project (what GitLab shows as #N), else the job's id.
      buildOrder: order('CI_PIPELINE_IID', 'CI_JOB_ID'),
    };
  }
  const jenkins = Boolean(v('JENKINS_URL') || v('JENKINS_HOME'));
  if (jenkins || v('BUILD_URL')) {
    return {
      engine: jenkins ? 'Jenkins' : 'CI',
      type: jenkins ? 'jenkins' : 'conformance',
      label: `${v('JOB_NAME') ?? 'build'}${v('BUILD_NUMBER') ? ` #${v('BUILD_NUMBER')}` : ''}`,
      url: httpUrl(v('JENKINS_URL')),
      buildUrl: httpUrl(v('BUILD_URL')),
      buildOrder: order('BUILD_NUMBER'),
    };
  }
  return undefined;
}

/** An http(s) URL as given, or nothing: the widget links buildUrl, so a stray value must not become a link. */
function httpUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The run's executor.json, from the summary, the environment variables and the host alone (no
 * I/O, so tests give it fake environments). The widget's left column says which suite ran, in
 * which CI build, by whom and where: "simple-im-conformance 0.1.0, GitHub Actions: conformance
 * #12, job gate, run by runner on fv-az12"; its narrow right column keeps the bare statement
 * (COMPLIANT or NOT COMPLIANT), linked to the CI build when there is one.
 */
export function executorInfo(summary: Pick<Summary, 'suite'>, overview: Pick<Overview, 'reportName'>, compliant: boolean, o: ExecutorOptions = {}): ExecutorInfo {
  const ci = ciBuild(o.env ?? {});
  const who = [o.host?.user && `by ${o.host.user}`, o.host?.host && `on ${o.host.host}`].filter(Boolean).join(' ');
  const name = [`${summary.suite.name} ${summary.suite.version}`, ci && `${ci.engine}: ${ci.label}`, who && `run ${who}`].filter(Boolean).join(', ');
  const info: ExecutorInfo = {
    name,
    type: ci?.type ?? 'conformance',
    url: ci?.url,
    buildOrder: ci?.buildOrder ?? o.localBuildOrder,
    buildName: o.buildName ?? (compliant ? 'COMPLIANT' : 'NOT COMPLIANT'),
    buildUrl: ci?.buildUrl,
    reportName: overview.reportName,
  };
  // Absent, not null: Allure reads a missing field as unknown.
  return Object.fromEntries(Object.entries(info).filter(([, value]) => value !== undefined)) as unknown as ExecutorInfo;
}

/**
 * The first screen of the report for a run: the global statement (the same gate as the exit
 * code of `npm run conformance`, given its `gateFailures`), the SUT, and the matrix (id,
 * strength, verdict) in two rows, gating and reported, so that all of it fits the Environment
 * widget's first five rows; under "Show all", one row per requirement with its first reason.
 */
export function overviewOf(summary: Summary, failures: readonly string[], o: OverviewOptions = {}): Overview {
  const sut = `${summary.sut.name} ${summary.sut.version}`;
  // A failure reads "RJ-02 SHALL FAIL: <reason>" (gateFailures); the statement keeps what is before the colon.
  const failing = failures.map((f) => f.split(':')[0] + (/^\S+ \S+ N\/A: not judged/.test(f) ? ' (not judged)' : ''));
  const caveats: string[] = [];
  if (o.strict) caveats.push('--strict: MAY and robustness gate too');
  const left = notSelected(summary);
  if (left.length > 0) caveats.push(`partial run: the selection (--tags) left out ${left.join(', ')}`);
  const gaps = notCovered(summary);
  if (gaps.length > 0) caveats.push(`partial coverage: this suite version does not judge ${gaps.join(', ')} yet`);
  const compliant = failures.length === 0;
  const statement = compliant ? `COMPLIANT${caveats.length > 0 ? ` (${caveats.join('; ')})` : ''}` : `NOT COMPLIANT: ${failing.join(', ')}${o.strict ? ' (--strict)' : ''}`;
  const ids = failing.map((f) => f.split(' ')[0]);
  const headline = compliant ? `COMPLIANT${left.length + gaps.length > 0 ? ' (partial)' : ''}` : `NOT COMPLIANT: ${[...new Set(ids)].join(', ')}`;

  const cell = (r: Summary['requirements'][number]): string => `${r.id} ${r.strength} ${r.verdict}`;
  const gates = (r: Summary['requirements'][number]): boolean => {
    if (o.strict) return true;
    const c = findRequirement(r.id);
    return c ? gatesCompliance(c) : r.strength === 'SHALL' || r.strength === 'COND';
  };
  const strengths = (rs: Summary['requirements']): string => [...new Set(rs.map((r) => r.strength))].join(', ');
  const gating = summary.requirements.filter(gates);
  const reported = summary.requirements.filter((r) => !gates(r));
  const matrix: Array<[string, string]> = [];
  if (gating.length > 0) matrix.push([`Gating (${strengths(gating)})`, gating.map(cell).join(', ')]);
  if (reported.length > 0) matrix.push([`Reported, never gates (${strengths(reported)})`, reported.map(cell).join(', ')]);
  const rows = summary.requirements.map((r): [string, string] => {
    const reason = rowReason(summary, r);
    return [`${r.id} ${r.strength}`, reason ? `${r.verdict}: ${reason}` : r.verdict];
  });
  return {
    reportName: `${headline} — ${sut}`,
    environment: [['Verdict', statement], ['SUT', sut], ...matrix, ...rows],
  };
}

/**
 * Puts the overview into the Allure results before the report is built: the Environment rows
 * first in environment.properties (allure-cucumberjs wrote the run's own rows there at its end;
 * they follow, minus any key of the overview's), and an executor.json (executorInfo) whose report
 * name is the summary widget's title. The CI variables come from process.env and the user and
 * host from this machine unless `executor` gives them.
 */
export function writeOverview(resultsDir: string, summary: Summary, failures: readonly string[], o: OverviewOptions & { executor?: ExecutorOptions } = {}): Overview {
  const overview = overviewOf(summary, failures, o);
  const file = path.join(resultsDir, 'environment.properties');
  const before = fs.existsSync(file) ? parseEnvInfo(fs.readFileSync(file, 'utf8')) : {};
  const ours = Object.fromEntries(overview.environment);
  const kept = Object.fromEntries(Object.entries(before).filter(([key]) => !(key in ours)));
  fs.writeFileSync(file, stringifyEnvInfo({ ...ours, ...kept }));
  const executor = executorInfo(summary, overview, failures.length === 0, { ...o.executor, env: o.executor?.env ?? process.env, host: o.executor?.host ?? hostInfo() });
  fs.writeFileSync(path.join(resultsDir, 'executor.json'), JSON.stringify(executor, null, 2));
  return overview;
}
