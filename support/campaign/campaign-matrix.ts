import { CATALOGUE } from '../requirements';
import type { Summary } from '../report/summary';
import type { Verdict } from '../verdict';
import type { RunOutcome, RunRecord } from './campaign-run';

/** One cell of the SUT × requirement matrix: the requirement's verdict for the SUT and why. */
export interface MatrixCell {
  /** "—" where the SUT's run gave no verdict at all. */
  verdict: Verdict | '—';
  reason: string;
}

/** One SUT of the campaign as the matrix shows it. */
export interface CampaignRow {
  slug: string;
  profile: string;
  sut?: { name: string; version: string; adapter: string };
  /** The shard that ran it; absent on a placeholder row of a profile no shard here ran. */
  shard?: string;
  outcome: RunOutcome;
  reason: string;
  cells: Record<string, MatrixCell>;
  /** The run's own reports, relative to the campaign's folder, those that exist. */
  links: { report?: string; pctr?: string; summary?: string; console?: string };
  durationMs: number;
  /** When its run ended; absent on a placeholder row. */
  finishedAt?: string;
  loopbackNet?: string;
  keepsAddresses?: string;
  alone?: string;
}

/** reports/campaign/campaign.json. */
export interface Campaign {
  suite: { name: string; version: string; commit: string; digest: string };
  generated: string;
  /** The catalogue's requirements, the matrix's columns. */
  requirements: Array<{ id: string; strength: string; title: string }>;
  /** Every profile of the campaign, in its order, sharded or not. */
  planned: Array<{ slug: string; profile: string }>;
  /** The shards this file was assembled from ("1/2", …); ["1/1"] for a campaign run in one go. */
  shards: string[];
  strict: boolean;
  /** The options every run was given after the campaign's "--" (a --tags selection): shards must agree. */
  runArgs: string[];
  /** Whether the runs post-processed their Allure results (no --no-html): a merge builds one report only from those. */
  html: boolean;
  rows: CampaignRow[];
  /** Each SUT's summary.json as its run wrote it, minus the per-message traces (they stay in runs/<slug>/summary.json). */
  summaries: Record<string, Omit<Summary, 'traces'>>;
  outcome: 'COMPLIANT' | 'NOT COMPLIANT' | 'INCOMPLETE';
  exitCode: 0 | 1 | 2;
}

/**
 * The campaign from its runs' records and summaries: one row per planned profile, in the plan's
 * order; a profile no record covers (a shard that never came back) is a NOT RUN row saying so.
 */
export function buildCampaign(o: {
  suite: Campaign['suite'];
  generated: Date;
  planned: Campaign['planned'];
  shards: string[];
  strict: boolean;
  runArgs: readonly string[];
  html: boolean;
  records: readonly RunRecord[];
  summaries: ReadonlyMap<string, Summary>;
}): Campaign {
  const bySlug = new Map(o.records.map((r) => [r.slug, r]));
  const rows = o.planned.map((p): CampaignRow => {
    const r = bySlug.get(p.slug);
    if (!r) return { slug: p.slug, profile: p.profile, outcome: 'NOT RUN', reason: 'no shard of the campaign holds this run', cells: emptyCells('not run'), links: {}, durationMs: 0 };
    const summary = o.summaries.get(p.slug);
    const link = (f: string | undefined): string | undefined => (f ? `runs/${r.slug}/${f.split('\\').join('/')}` : undefined);
    const links = Object.fromEntries(Object.entries({ report: link(r.files.html), pctr: link(r.files.pctr), summary: link(r.files.summary), console: link(r.files.console) }).filter(([, v]) => v));
    return {
      slug: r.slug,
      profile: r.profile,
      ...(r.sut ? { sut: r.sut } : {}),
      shard: r.shard,
      outcome: r.outcome,
      reason: r.reason,
      cells: summary && r.outcome !== 'NO VERDICT' && r.outcome !== 'NOT RUN' ? cellsOf(summary) : emptyCells(r.reason),
      links,
      durationMs: r.durationMs,
      ...(r.finishedAt ? { finishedAt: r.finishedAt } : {}),
      ...(r.loopbackNet ? { loopbackNet: r.loopbackNet } : {}),
      ...(r.keepsAddresses ? { keepsAddresses: r.keepsAddresses } : {}),
      ...(r.alone ? { alone: r.alone } : {}),
    };
  });
  const summaries = Object.fromEntries(rows.filter((row) => o.summaries.has(row.slug)).map((row) => [row.slug, withoutTraces(o.summaries.get(row.slug)!)]));
  const { outcome, exitCode } = campaignOutcome(rows.map((r) => r.outcome));
  return {
    suite: o.suite,
    generated: o.generated.toISOString(),
    requirements: CATALOGUE.map((r) => ({ id: r.id, strength: r.strength, title: r.title })),
    planned: [...o.planned],
    shards: [...o.shards],
    strict: o.strict,
    runArgs: [...o.runArgs],
    html: o.html,
    rows,
    summaries,
    outcome,
    exitCode,
  };
}

/**
 * The outcome of runs together and its exit code, as a run's: 1 a SUT is not compliant, 2 none is
 * but a SUT has no verdict or did not run, 0 every SUT is compliant; nothing judged is never 0.
 */
export function campaignOutcome(outcomes: readonly RunOutcome[]): Pick<Campaign, 'outcome' | 'exitCode'> {
  if (outcomes.includes('NOT COMPLIANT')) return { outcome: 'NOT COMPLIANT', exitCode: 1 };
  if (outcomes.length > 0 && outcomes.every((o) => o === 'COMPLIANT')) return { outcome: 'COMPLIANT', exitCode: 0 };
  return { outcome: 'INCOMPLETE', exitCode: 2 };
}

/**
 * What two campaigns of the same profiles must agree on, whether run in one go or in shards
 * merged: each SUT's outcome and every cell. Times, paths of links and the shards differ.
 */
export function matrixOf(c: Campaign): Array<{ slug: string; sut?: CampaignRow['sut']; outcome: RunOutcome; cells: Record<string, string> }> {
  return c.rows.map((r) => ({ slug: r.slug, ...(r.sut ? { sut: r.sut } : {}), outcome: r.outcome, cells: Object.fromEntries(Object.entries(r.cells).map(([id, cell]) => [id, cell.verdict])) }));
}

function cellsOf(summary: Summary): Record<string, MatrixCell> {
  return Object.fromEntries(CATALOGUE.map((c) => {
    const r = summary.requirements.find((x) => x.id === c.id);
    return [c.id, r ? { verdict: r.verdict, reason: r.reason } : { verdict: 'N/A' as const, reason: 'not in this run’s summary (another suite version)' }];
  }));
}

function emptyCells(reason: string): Record<string, MatrixCell> {
  return Object.fromEntries(CATALOGUE.map((c) => [c.id, { verdict: '—' as const, reason }]));
}

function withoutTraces(summary: Summary): Omit<Summary, 'traces'> {
  const rest: Partial<Summary> = { ...summary };
  delete rest.traces;
  return rest as Omit<Summary, 'traces'>;
}

/** The campaign's title, in its page and its Allure report alike: "NOT COMPLIANT — campaign of 4 SUT(s)". */
export function campaignTitle(c: Pick<Campaign, 'outcome' | 'rows'>): string {
  return `${c.outcome} — campaign of ${c.rows.length} SUT(s)`;
}
