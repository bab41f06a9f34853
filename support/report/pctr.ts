import * as fs from 'node:fs';
import * as path from 'node:path';
import { proformaRows, type ProformaRow } from '../sut/proforma-rows';
import { projectPath } from '../project';
import { CATALOGUE, SUITE_CLAUSE, SUITE_CLAUSE_TITLE } from '../requirements';
import { profileSchema } from '../sut/profile-schema';
import type { SutProfile } from '../sut/sut-profile';
import { rowReason } from './matrix-text';
import type { SuiteIdentity } from './suite-identity';
import { gateFailures, notCovered, notSelected, type Summary } from './summary';

/**
 * The Protocol Conformance Test Report (PCTR) of a run, after the ETSI/ISO 9646 proforma: who was
 * tested, by which suite, with which ICS and IXIT, when, the verdict of each test case, the
 * waivers, the global statement of conformance, and a blank signature block. A lab attaches it
 * to a certificate as it is, so it is one page, offline, printable on A4.
 */
export interface PctrInput {
  summary: Summary;
  profile: SutProfile;
  /** The profile as written (its JSON): which ICS/IXIT values are defaults, and identification fields the suite does not read. */
  declared?: unknown;
  /** The profile file as the report names it (relative to the project when inside it). */
  profileFile: string;
  suite: SuiteIdentity;
  strict: boolean;
  /** The Cucumber options of the run (a --tags selection, --parallel), as given. */
  options: readonly string[];
  started: Date;
  finished: Date;
  /** The Node.js version the suite ran on. */
  node?: string;
}

/** The PCTR as Markdown (GitHub-flavoured tables). */
export function pctrMarkdown(input: PctrInput): string {
  return renderMarkdown(pctrBlocks(input));
}

/** The PCTR as one self-contained HTML page: inline CSS, no script, no outside resource, A4 print layout. */
export function pctrHtml(input: PctrInput): string {
  return renderHtml(pctrBlocks(input), `PCTR: ${input.summary.sut.name} ${input.summary.sut.version}, ${input.suite.name} ${input.suite.version}`);
}

export const PCTR_FILES = { markdown: 'pctr.md', html: 'pctr.html' } as const;

/** Writes pctr.md and pctr.html into `dir`, reading the profile as written for its defaults and extra fields. */
export function writePctr(dir: string, run: Omit<PctrInput, 'declared' | 'profileFile'>): string[] {
  let declared: unknown;
  try {
    declared = JSON.parse(fs.readFileSync(run.profile.source, 'utf8'));
  } catch {
    declared = undefined; // the file changed during the run: every value shows as loaded, none as a default
  }
  const input: PctrInput = { ...run, declared, profileFile: projectPath(run.profile.source) };
  const files = [path.join(dir, PCTR_FILES.markdown), path.join(dir, PCTR_FILES.html)];
  fs.writeFileSync(files[0], pctrMarkdown(input));
  fs.writeFileSync(files[1], pctrHtml(input));
  return files;
}

// ---- the content, once, for both renderings ----

/** A table cell: a string, or several lines (an env variable, a finding a waiver turned, each on its own). */
type Cell = string | readonly string[];
type Block =
  | { kind: 'title'; text: string; sub: string }
  | { kind: 'h2'; text: string }
  | { kind: 'p'; lead?: string; text: string }
  | { kind: 'statement'; compliant: boolean; text: string; items: readonly string[] }
  | {
      kind: 'table';
      head: readonly string[];
      rows: ReadonlyArray<readonly Cell[]>;
      mono?: readonly number[];
      verdictCol?: number;
      cls?: string;
      /** Column widths in percent (HTML): a fixed layout, so a wide table keeps to the page. */
      widths?: readonly number[];
    };

const NOT_SET = 'not set';

function pctrBlocks(input: PctrInput): Block[] {
  const { summary, profile, suite } = input;
  return [
    { kind: 'title', text: `Protocol Conformance Test Report: ${profile.name} ${profile.version}`, sub: `OMA SIMPLE IM, clause ${SUITE_CLAUSE} "${SUITE_CLAUSE_TITLE}", judged by ${suite.name} ${suite.version} on ${isoUtc(input.started)}` },
    { kind: 'h2', text: '1 Identification summary' },
    { kind: 'p', lead: 'System under test', text: 'as its SUT profile declares it' },
    { kind: 'table', head: ['field', 'value'], rows: sutRows(input), cls: 'kv' },
    { kind: 'p', lead: 'Test suite', text: '' },
    {
      kind: 'table',
      head: ['field', 'value'],
      rows: [
        ['name', suite.name],
        ['version', suite.version],
        ['commit', suite.commit],
        ['digest', `SHA-256 ${suite.digest}`],
        ['digested files', `${suite.files.length} (the features and the checks that decide a verdict)`],
        ...(input.node ? [['means of testing', `Node.js ${input.node}`]] : []),
      ],
      cls: 'kv',
    },
    { kind: 'p', lead: 'Test run', text: '' },
    {
      kind: 'table',
      head: ['field', 'value'],
      rows: [
        ['started', isoUtc(input.started)],
        ['finished', isoUtc(input.finished)],
        ['duration', duration(input.finished.getTime() - input.started.getTime())],
        ['selection and options', input.options.length > 0 ? input.options.join(' ') : 'none: every scenario of the suite'],
        ['gate', input.strict ? '--strict in force: every requirement gates, MAY and robustness included' : 'the applicable SHALL and COND requirements; MAY and robustness results are reported and never gate'],
      ],
      cls: 'kv',
    },
    { kind: 'h2', text: '2 Global statement of conformance' },
    statement(input),
    ...limits(input).map((text): Block => ({ kind: 'p', lead: 'Limit', text })),
    { kind: 'h2', text: '3 ICS: what the client declares' },
    { kind: 'table', head: ['item', 'field', 'value', 'description'], rows: proformaValueRows(proforma().ics, input), mono: [1], widths: FIELD_WIDTHS, cls: 'fields' },
    { kind: 'h2', text: '4 IXIT: the parameters of the run' },
    { kind: 'table', head: ['item', 'field', 'value', 'description'], rows: proformaValueRows(proforma().ixit, input), mono: [1], widths: FIELD_WIDTHS, cls: 'fields' },
    { kind: 'p', text: 'Items as numbered in the ICS and IXIT proforma (docs/proforma.md); "(default)": the profile does not give the value, the suite used its default.' },
    { kind: 'h2', text: '5 Requirement matrix' },
    {
      kind: 'table',
      head: ['id', 'requirement', 'strength', 'verdict', 'test cases', 'note'],
      rows: byCatalogue(summary.requirements).map((r) => [r.id, r.title, r.strength, r.verdict, String(r.scenarios.length), rowReason(summary, r)]),
      mono: [0],
      verdictCol: 3,
    },
    { kind: 'h2', text: '6 Test cases' },
    {
      kind: 'table',
      head: ['test case', 'title', 'requirement', 'strength', 'verdict', 'reason'],
      rows: testCaseRows(summary),
      mono: [0],
      verdictCol: 4,
      cls: 'cases',
      widths: [22, 27, 11.5, 9.5, 8.5, 21.5],
    },
    { kind: 'h2', text: '7 Waivers' },
    ...waiverBlocks(summary),
    { kind: 'h2', text: '8 Signatures' },
    { kind: 'table', head: ['', ''], rows: [['Tested by', ''], ['Date', ''], ['Test laboratory', ''], ['Signature', '']], cls: 'signature' },
  ];
}

function sutRows(input: PctrInput): Cell[][] {
  const { profile } = input;
  const rows: Cell[][] = [
    ['name', profile.name],
    ['version', profile.version],
    ['adapter', profile.adapter],
    ['profile file', input.profileFile],
  ];
  // Fields the schema does not know (a supplier, a build, a contact) are ignored by the suite but still identify the client.
  const known = new Set(Object.keys(profileSchema().schema.properties ?? {}));
  const raw = isObject(input.declared) ? input.declared : {};
  for (const [key, value] of Object.entries(raw)) if (!known.has(key)) rows.push([key, typeof value === 'string' ? value : JSON.stringify(value)]);
  return rows;
}

/** The proforma's rows (support/sut/proforma-rows.ts, from the profile's schema): the same items, numbered the same. */
function proforma(): { ics: ProformaRow[]; ixit: ProformaRow[] } {
  return proformaRows(profileSchema().schema);
}

const FIELD_WIDTHS = [8, 27, 24, 41];

/**
 * One row per item of the proforma with the value the run used, as the loaded profile holds it
 * (the schema's defaults applied): "(default)" when the profile as written does not give it; a
 * field with no value says what that means (the proforma's default, "not set").
 */
function proformaValueRows(rows: readonly ProformaRow[], input: PctrInput): Cell[][] {
  return rows.map((r) => {
    const v = at(input.profile, r.field);
    const defaulted = input.declared !== undefined && at(input.declared, r.field) === undefined;
    let value: Cell;
    if (v === undefined) value = r.default === '—' || r.default.startsWith('required') ? NOT_SET : `${NOT_SET}: ${r.default.replace(/`/g, '')}`;
    else if (isObject(v) && !Array.isArray(v) && r.allowed === 'the items below') value = defaulted ? '(the items below, defaults)' : '(the items below)';
    else value = valueText(r, v, defaulted);
    return [r.item, r.field, value, r.description];
  });
}

function valueText(r: ProformaRow, v: unknown, defaulted: boolean): Cell {
  const mark = defaulted ? ' (default)' : '';
  if (r.field === 'process.command' && Array.isArray(v)) return `${v.map((w) => shellWord(String(w))).join(' ')}${mark}`;
  if (typeof v === 'boolean') return `${yesNo(v)}${mark}`;
  if (Array.isArray(v)) return `${v.map(String).join(', ')}${mark}`;
  if (typeof v === 'number') return `${v}${r.unit ? ` ${r.unit}` : ''}${mark}`;
  if (isObject(v)) {
    const entries = Object.entries(v);
    return entries.length === 0 ? `none${mark}` : entries.map(([k, x]) => `${k}=${String(x)}`);
  }
  return `${String(v)}${mark}`;
}

/** The value at a dotted path ("testBed.tls.ca") of an object, or undefined. */
function at(o: unknown, dotted: string): unknown {
  let v = o;
  for (const k of dotted.split('.')) v = isObject(v) ? v[k] : undefined;
  return v;
}

function statement(input: PctrInput): Block {
  const failures = gateFailures(input.summary, input.strict);
  const sut = `${input.summary.sut.name} ${input.summary.sut.version}`;
  if (failures.length === 0) {
    const what = input.strict ? 'requirement (--strict: MAY and robustness included)' : 'SHALL requirement (and COND one)';
    return { kind: 'statement', compliant: true, text: `${sut}: every applicable ${what} passed.`, items: [] };
  }
  const what = input.strict ? 'requirement(s) (--strict: MAY and robustness included)' : 'applicable SHALL or COND requirement(s)';
  return { kind: 'statement', compliant: false, text: `${sut}: ${failures.length} ${what} did not pass:`, items: failures.map(firstLine) };
}

/** What the statement does not cover: a partial selection or a requirement this suite version does not judge. */
function limits(input: PctrInput): string[] {
  const out: string[] = [];
  const left = notSelected(input.summary);
  if (left.length > 0) out.push(`partial run: the selection left out ${left.join(', ')}, so the statement does not cover them.`);
  const gaps = notCovered(input.summary);
  if (gaps.length > 0) out.push(`partial coverage: this suite version does not judge ${gaps.join(', ')} yet, so the statement does not cover them.`);
  return out;
}

function byCatalogue(requirements: Summary['requirements']): Summary['requirements'] {
  const rank = (id: string): number => {
    const at = CATALOGUE.findIndex((c) => c.id === id);
    return at < 0 ? CATALOGUE.length : at;
  };
  return [...requirements].sort((a, b) => rank(a.id) - rank(b.id) || compare(a.id, b.id));
}

/** One row per test case, in catalogue order, then by id. */
function testCaseRows(summary: Summary): Cell[][] {
  return byCatalogue(summary.requirements).flatMap((r) =>
    [...r.scenarios].sort((a, b) => compare(a.id, b.id)).map((s) => [s.id, s.name, r.id, r.strength, s.verdict, firstLine(s.reason)]),
  );
}

function waiverBlocks(summary: Summary): Block[] {
  const waivers = summary.waivers ?? [];
  if (waivers.length === 0) return [{ kind: 'p', text: 'None: the SUT profile waives no sub-check.' }];
  return [
    { kind: 'p', text: 'Each waiver of the SUT profile, with the reason on record and the FAILs it turned to PASS in this run (a waived FAIL counts as PASS).' },
    {
      kind: 'table',
      head: ['requirement', 'sub-check', 'reason', 'turned from FAIL to PASS'],
      rows: waivers.map((w) => [w.requirement, w.check, w.reason, w.turned.length === 0 ? 'nothing in this run' : w.turned.map((t) => `${t.id}: ${firstLine(t.finding)}`)]),
      mono: [0, 1],
    },
  ];
}

// ---- small helpers ----

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object';
}

function yesNo(v: boolean): string {
  return v ? 'yes' : 'no';
}

function firstLine(text: string): string {
  return text.split('\n')[0];
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function shellWord(w: string): string {
  return /^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}

/** ISO 8601 in UTC, to the second. */
function isoUtc(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function duration(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  const minutes = Math.floor(s / 60);
  const seconds = (s - minutes * 60).toFixed(1);
  return `${minutes > 0 ? `${minutes} min ` : ''}${seconds} s (PT${minutes > 0 ? `${minutes}M` : ''}${seconds}S)`;
}

// ---- Markdown ----

/**
 * Text as Markdown shows it literally: the characters that make emphasis, links, code, HTML,
 * tables and strike-through are backslash-escaped (CommonMark escapes any ASCII punctuation),
 * an `_` only at a word's edge (inside a word it is no emphasis: SIMPLE_IM stays readable), an
 * entity-like `&` too, and a line break becomes a space (a table row is one line).
 */
export function markdownText(text: string): string {
  return text
    .replace(/\r?\n|\r/g, ' ')
    .replace(/[\\`*[\]<>|~]/g, (c) => `\\${c}`)
    .replace(/(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, '\\_')
    .replace(/&(?=#?\w+;)/g, '\\&');
}

function renderMarkdown(blocks: readonly Block[]): string {
  const out: string[] = [];
  // A cell of several lines: GFM's <br>, the one line break a table cell can hold.
  const cell = (c: Cell): string => (typeof c === 'string' ? markdownText(c) : c.map(markdownText).join('<br>')) || ' ';
  for (const b of blocks) {
    switch (b.kind) {
      case 'title':
        out.push(`# ${markdownText(b.text)}`, '', markdownText(b.sub), '');
        break;
      case 'h2':
        out.push(`## ${markdownText(b.text)}`, '');
        break;
      case 'p':
        out.push(`${b.lead ? `**${markdownText(b.lead)}**${b.text ? ': ' : ''}` : ''}${markdownText(b.text)}`, '');
        break;
      case 'statement':
        out.push(`**${b.compliant ? 'COMPLIANT' : 'NOT COMPLIANT'}**: ${markdownText(b.text)}`, '');
        if (b.items.length > 0) out.push(...b.items.map((i) => `- ${markdownText(i)}`), '');
        break;
      case 'table':
        out.push(`| ${b.head.map(cell).join(' | ')} |`, `|${b.head.map(() => '---').join('|')}|`, ...b.rows.map((r) => `| ${r.map(cell).join(' | ')} |`), '');
        break;
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}

// ---- HTML ----

export function htmlText(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const CSS = `
@page { size: A4; margin: 14mm 12mm; }
html { font: 10pt/1.35 "Helvetica Neue", Helvetica, Arial, sans-serif; color: #000; background: #fff; }
body { max-width: 186mm; margin: 0 auto; padding: 8mm 4mm; }
h1 { font-size: 16pt; margin: 0 0 1mm; }
.sub { margin: 0 0 4mm; }
h2 { font-size: 12pt; margin: 5mm 0 2mm; padding-bottom: 0.5mm; border-bottom: 0.6pt solid #000; break-after: avoid; page-break-after: avoid; }
p { margin: 1.5mm 0; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0 3mm; }
th, td { border: 0.4pt solid #777; padding: 0.8mm 1.5mm; text-align: left; vertical-align: top; overflow-wrap: break-word; }
th { background: #e8e8e8; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
.mono { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.92em; white-space: nowrap; }
.kv td:first-child { width: 28%; }
.cases .mono, .fields .mono { white-space: normal; overflow-wrap: anywhere; }
.v { font-weight: bold; white-space: nowrap; }
.v-FAIL { color: #b00000; }
.v-INCONC { color: #8a5a00; }
.statement { border: 1.2pt solid #000; padding: 2mm 3mm; margin: 2mm 0; break-inside: avoid; }
.statement b { font-size: 12pt; }
.statement ul { margin: 1mm 0 0; padding-left: 5mm; }
.signature td { height: 9mm; }
.signature td:first-child { width: 35%; font-weight: bold; }
.signature thead { display: none; }
* { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
@media print { html { font-size: 8.5pt; } body { max-width: none; padding: 0; } }
`;

function renderHtml(blocks: readonly Block[], title: string): string {
  const body: string[] = [];
  for (const b of blocks) {
    switch (b.kind) {
      case 'title':
        body.push(`<h1>${htmlText(b.text)}</h1>`, `<p class="sub">${htmlText(b.sub)}</p>`);
        break;
      case 'h2':
        body.push(`<h2>${htmlText(b.text)}</h2>`);
        break;
      case 'p':
        body.push(`<p>${b.lead ? `<b>${htmlText(b.lead)}</b>${b.text ? ': ' : ''}` : ''}${htmlText(b.text)}</p>`);
        break;
      case 'statement': {
        const items = b.items.length > 0 ? `<ul>${b.items.map((i) => `<li>${htmlText(i)}</li>`).join('')}</ul>` : '';
        body.push(`<div class="statement"><b>${b.compliant ? 'COMPLIANT' : 'NOT COMPLIANT'}</b>: ${htmlText(b.text)}${items}</div>`);
        break;
      }
      case 'table': {
        const td = (c: Cell, i: number): string => {
          const text = typeof c === 'string' ? htmlText(c) : c.map(htmlText).join('<br>');
          const cls = [b.mono?.includes(i) ? 'mono' : '', i === b.verdictCol && typeof c === 'string' ? `v v-${c.replace(/[^A-Z]/g, '')}` : ''].filter(Boolean).join(' ');
          return `<td${cls ? ` class="${cls}"` : ''}>${text}</td>`;
        };
        const head = `<thead><tr>${b.head.map((h) => `<th>${htmlText(h)}</th>`).join('')}</tr></thead>`;
        const rows = b.rows.map((r) => `<tr>${r.map(td).join('')}</tr>`).join('\n');
        const cols = b.widths ? `<colgroup>${b.widths.map((w) => `<col style="width: ${w}%">`).join('')}</colgroup>` : '';
        body.push(`<table${b.cls ? ` class="${b.cls}"` : ''}${b.widths ? ' style="table-layout: fixed"' : ''}>${cols}${head}<tbody>\n${rows}\n</tbody></table>`);
        break;
      }
    }
  }
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${htmlText(title)}</title>
<style>${CSS}</style>
</head>
<body>
${body.join('\n')}
</body>
</html>
`;
}
