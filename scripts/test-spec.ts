/**
 * npm run spec
 *
 * Writes docs/test-specification.md, the suite's test specification in the form of an OMA
 * Enabler Test Specification, from what runs: the features (features/: one test case per
 * scenario and per Examples row, named by its stable test case id), the requirement catalogue
 * (support/requirements.ts) and its sub-checks (support/checks/sub-checks.ts); the ICS and IXIT
 * items are numbered as the proforma numbers them (scripts/proforma-doc.ts, from the profile's
 * schema). The whole file is written; test/docs/test-specification.test.ts fails when the
 * committed one differs.
 *
 * What a step means to the specification is in one table, STEPS: for a Given, what it makes
 * the test case's applicability (the ICS items of the SUT profile it depends on, as
 * support/world.ts `reach`, `reachDeclared` and the N/A of steps/client.steps.ts have it); for a
 * Then, which sub-checks of which requirement it judges (as its step definition in steps/ calls
 * the check). A step the table does not know stops the generator with its file and line rather
 * than be guessed at; so does a sub-check without its words (SUB_CHECK_WORDS) and an @ics: tag
 * without its ICS item (ICS_TAG_ITEMS).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CucumberExpression, ParameterType, ParameterTypeRegistry } from '@cucumber/cucumber-expressions';
import { OMA_IM_CHECKS } from '../support/checks/initial-request';
import { SUB_CHECK_WORDS, type SubCheckWords } from '../support/checks/sub-check-words';
import type { CheckName } from '../support/checks/registry';
import { SUB_CHECKS, isSubCheck, subChecksOf } from '../support/checks/sub-checks';
import { PROJECT_ROOT } from '../support/project';
import { requirementOfTestCase, TC_COLUMN, TC_TAG_PREFIX } from '../support/report/test-case-id';
import { CATALOGUE, findRequirement, requirementIdsOf, SUITE_CLAUSE, SUITE_CLAUSE_TITLE, type Requirement } from '../support/requirements';
import type { IpVersion, Transport } from '../support/sip/recorded-message';
import { profileSchema } from '../support/sut/profile-schema';
import { ICS_TAGS, type SutProfile } from '../support/sut/sut-profile';
import { proformaRows, type ProformaRow } from './proforma-doc';
import { filesUnder, scenariosOf, type StepType } from '../test/features/feature-lint';

export const DOC = 'docs/test-specification.md';

// ---- The ICS ----------------------------------------------------------------------------------

type IcsField = keyof SutProfile['ics'];

/**
 * The ICS and IXIT items of the proforma (docs/proforma.md, from the profile's schema): their
 * numbers (ICS-1, IXIT-31) and order. An item the specification names that the proforma lacks
 * stops the generator.
 */
const PROFORMA = proformaRows(profileSchema().schema);
const FIELD_ORDER = PROFORMA.ics.map((row) => row.field);
function proformaItem(field: string): ProformaRow {
  const row = [...PROFORMA.ics, ...PROFORMA.ixit].find((r) => r.field === field);
  if (!row) throw new Error(`${field} is no item of the ICS and IXIT proforma (docs/proforma.md, from suts/sut-profile.schema.json)`);
  return row;
}
const VALUE_ORDER = ['udp', 'tcp', 'tls', '4', '6'];

/** One ICS item of an applicability expression: `ics.transports ∋ tls`, `ics.sipIpCore = ims`, `ics.conferenceSubscription`. */
export interface IcsItem {
  field: IcsField;
  value?: string;
  text: string;
}
const contains = (field: 'transports' | 'ipVersions', value: string): IcsItem => ({ field, value, text: `ics.${field} ∋ ${value}` });
const equals = (field: IcsField, value: string): IcsItem => ({ field, value, text: `ics.${field} = ${value}` });
const declared = (field: IcsField): IcsItem => ({ field, text: `ics.${field}` });
/** By code unit, not by locale: the document is the same wherever it is written. */
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const byItemOrder = (a: IcsItem, b: IcsItem): number =>
  FIELD_ORDER.indexOf(`ics.${a.field}`) - FIELD_ORDER.indexOf(`ics.${b.field}`) || VALUE_ORDER.indexOf(a.value ?? '') - VALUE_ORDER.indexOf(b.value ?? '') || compare(a.text, b.text);

/**
 * The ICS item of each `@ics:` tag (support/sut/sut-profile.ts ICS_TAGS names the field; the
 * expression is said here). A tag of ICS_TAGS missing here, or naming another field, stops the
 * generator.
 */
export const ICS_TAG_ITEMS: Readonly<Record<string, IcsItem>> = {
  'conference-subscription': declared('conferenceSubscription'),
  ims: equals('sipIpCore', 'ims'),
};

// ---- What each step means ---------------------------------------------------------------------

/** What a Given sets that the specification shows: the ICS items it needs, the transport and IP version. */
interface Setting {
  items?: readonly IcsItem[];
  transport?: Transport | 'declared';
  ipVersion?: IpVersion | 'declared';
}

type Meaning =
  | { type: 'Context'; sets?: (args: readonly unknown[]) => Setting }
  | { type: 'Action' }
  /**
   * `calls`: the checks of support/checks/registry.ts its step definition judges with (the test
   * holds them to the step's code); `checks`: the sub-checks of `requirement` it judges, every
   * one of them when not given.
   */
  | { type: 'Outcome'; requirement: string; calls: readonly CheckName[]; checks?: (args: readonly unknown[]) => readonly string[] };

/**
 * The step definitions' parameter types, as steps/parameter-types.ts defines them
 * (test/docs/test-specification.test.ts holds the two to the same names and patterns).
 */
export const PARAMETER_TYPES: ReadonlyArray<{ name: string; regexp: RegExp; transform: (s: string) => string }> = [
  { name: 'transport', regexp: /UDP|TCP|TLS/, transform: (s) => s.toLowerCase() },
  { name: 'ipVersion', regexp: /IPv4|IPv6/, transform: (s) => s.slice(3) },
];

const reachOver = (transport: Transport, ipVersion: IpVersion): Setting => ({ items: [contains('transports', transport), contains('ipVersions', ipVersion)], transport, ipVersion });
const GIVEN: Meaning = { type: 'Context' };
const WHEN: Meaning = { type: 'Action' };

/**
 * Every step definition of steps/*.ts, by its Cucumber expression as written there, and what it
 * means to the specification (test/docs/test-specification.test.ts holds this table to the
 * step definitions: none missing, none left over). The sources of N/A are all here: the
 * transport and IP version the client is to reach its SIP/IP Core over (world.ts `reach`: not
 * declared in ics.transports, ics.ipVersions), the Givens that name a declaration
 * (client.steps.ts), and, beside the table, the @ics: tags (ICS_TAG_ITEMS).
 */
export const STEPS: ReadonlyArray<readonly [expression: string, meaning: Meaning]> = [
  // client.steps.ts: what the client declares and what its user does.
  ['the client reaches its SIP\\/IP Core over {transport}', { type: 'Context', sets: ([t]) => reachOver(t as Transport, '4') }],
  ['the client reaches its SIP\\/IP Core over {transport} on {ipVersion}', { type: 'Context', sets: ([t, v]) => reachOver(t as Transport, v as IpVersion) }],
  // world.ts reachDeclared: the first transport and IP version the profile declares, so never N/A.
  ['the client reaches its SIP\\/IP Core over a transport it declares', { type: 'Context', sets: () => ({ transport: 'declared', ipVersion: 'declared' }) }],
  ['the client declares the conference state subscription', { type: 'Context', sets: () => ({ items: [declared('conferenceSubscription')] }) }],
  ["the client's SIP\\/IP Core is a 3GPP IMS core", { type: 'Context', sets: () => ({ items: [equals('sipIpCore', 'ims')] }) }],
  ['the user asks the client to rejoin {string}', WHEN],
  ['the user asks the client to rejoin that conference', WHEN],
  ['the user asks the client to leave', WHEN],
  // im-server.steps.ts: how the scripted IM Server answers; none depends on a declaration.
  ['the IM Server hosts the conference {string}', GIVEN],
  ['the IM Server hosts the conference {string} at its own address, apart from the SIP\\/IP Core', GIVEN],
  ["the IM Server's 200 OK allows {string} on one line", GIVEN],
  ["the IM Server's 200 OK allows {string} one method per line", GIVEN],
  ["the IM Server's 200 OK has no Allow header", GIVEN],
  ["the IM Server's 200 OK gives the Contact {string}", GIVEN],
  ["the IM Server's 200 OK gives the Contact {string} without isfocus", GIVEN],
  ["the IM Server's side of the network Record-Routes too", GIVEN],
  ['the IM Server answers the INVITE with {int}', GIVEN],
  ['the IM Server never answers the INVITE', GIVEN],
  ['the IM Server redirects the INVITE to {string}', GIVEN],
  ["the client's first INVITE is lost on the way", GIVEN],
  ["the client's first ACK is lost on the way", GIVEN],
  ['the IM Server sends its NOTIFY before the 200 OK to the SUBSCRIBE', GIVEN],
  // The Thens, one or two per requirement's steps file.
  // initial-request.steps.ts: the OMA specifics of 7.1.1.1 are left to their own scenarios.
  ['the INVITE is an initial request as RFC 3261 section 8.1.1 builds it', { type: 'Outcome', requirement: 'RJ-01', calls: ['initial-request'], checks: () => SUB_CHECKS['RJ-01'].filter((c) => !(c in OMA_IM_CHECKS)) }],
  ['the INVITE passes the sub-check {string}', { type: 'Outcome', requirement: 'RJ-01', calls: ['initial-request'], checks: ([check]) => [check as string] }],
  ["the INVITE's Request-URI is the IM Session Identity {string}", { type: 'Outcome', requirement: 'RJ-02', calls: ['request-uri'] }],
  ['the INVITE carries an SDP offer for an MSRP session', { type: 'Outcome', requirement: 'RJ-03', calls: ['msrp-offer'] }],
  ['the INVITE reaches the IM Server through the SIP\\/IP Core', { type: 'Outcome', requirement: 'RJ-04', calls: ['via-sip-ip-core'] }],
  ['the client acknowledges the 200 OK', { type: 'Outcome', requirement: 'RJ-05', calls: ['ack-of-2xx'] }],
  ['the client acknowledges every retransmission of the 200 OK', { type: 'Outcome', requirement: 'RJ-05', calls: ['ack-of-2xx'] }],
  ['the client sends no request whose method the 200 OK did not allow', { type: 'Outcome', requirement: 'RJ-06', calls: ['allowed-methods'] }],
  ['every later request of the session targets the Contact of the 200 OK', { type: 'Outcome', requirement: 'RJ-07', calls: ['session-identity'] }],
  ['the client subscribes to the conference state of the IM Session Identity', { type: 'Outcome', requirement: 'RJ-08', calls: ['subscription-sent', 'conference-state'] }],
  ['the INVITE follows IMS session set-up', { type: 'Outcome', requirement: 'RJ-09', calls: ['ims-setup'] }],
  ['the client acknowledges the failure and sends nothing more to the conference', { type: 'Outcome', requirement: 'RB-01', calls: ['error-answer-handled'] }],
  ['the client retransmits its INVITE as RFC 3261 Timer A says', { type: 'Outcome', requirement: 'RB-02', calls: ['invite-retransmission'], checks: () => ['invite-retransmitted', 'timer-a-doubling'] }],
  ['the client sends the lost INVITE again and sets the session up on the copy', { type: 'Outcome', requirement: 'RB-02', calls: ['lost-invite-recovered'], checks: () => ['lost-invite-retransmitted', 'session-set-up-after-loss'] }],
  ['the client acknowledges the redirect and does not loop', { type: 'Outcome', requirement: 'RB-03', calls: ['redirect-handled'] }],
  ['the client acknowledges every copy of the 200 OK it received', { type: 'Outcome', requirement: 'RB-04', calls: ['ok-retransmitted'] }],
  ['the session is set up all the same', { type: 'Outcome', requirement: 'RB-05', calls: ['session-set-up-anyway'] }],
  ['the client accepts the NOTIFY that came before the 200 OK', { type: 'Outcome', requirement: 'RB-06', calls: ['early-notify-accepted'] }],
];

// ---- What each sub-check checks ---------------------------------------------------------------

export { SUB_CHECK_WORDS } from '../support/checks/sub-check-words';

// ---- From the features to the test cases ------------------------------------------------------

/** A Then of a test case and the sub-checks of its requirement it judges. */
export interface Criterion {
  text: string;
  requirement: string;
  checks: readonly string[];
}

/** One test case: a scenario, or one row of an Outline's Examples. */
export interface TestCase {
  id: string;
  /** The requirement its id names; `requirements` are all its @req tags (the lint makes it one). */
  requirement: Requirement;
  requirements: readonly Requirement[];
  /** The scenario's title with the row's values in. */
  title: string;
  file: string;
  /** The scenario's line, or its Examples row's. */
  line: number;
  /** Sorted, each once; empty: always applicable. */
  applicability: readonly IcsItem[];
  transport?: Transport | 'declared';
  ipVersion?: IpVersion | 'declared';
  givens: readonly string[];
  whens: readonly string[];
  thens: readonly Criterion[];
}

/** A feature file: its path relative to the project, and its text. */
export interface FeatureFile {
  file: string;
  text: string;
}

export function readFeatureFiles(root = PROJECT_ROOT): FeatureFile[] {
  return filesUnder(root, 'features', '.feature').map((file) => ({ file, text: fs.readFileSync(path.join(root, file), 'utf8') }));
}

const registry = new ParameterTypeRegistry();
for (const p of PARAMETER_TYPES) registry.defineParameterType(new ParameterType(p.name, p.regexp, String, p.transform));
const EXPRESSIONS = STEPS.map(([expression, meaning]) => ({ expression, compiled: new CucumberExpression(expression, registry), meaning }));

const KEYWORD: Record<StepType, string> = { Context: 'Given', Action: 'When', Outcome: 'Then', Unknown: '*' };

/** The test cases of the features, in catalogue order and then by id; throws, naming file and line, on a step or tag it cannot place. */
export function testCasesOf(files: readonly FeatureFile[]): TestCase[] {
  const cases: TestCase[] = [];
  for (const { file, text } of files) {
    for (const s of scenariosOf(text, file)) {
      const tagged = s.tags.find((t) => t.startsWith(TC_TAG_PREFIX))?.slice(TC_TAG_PREFIX.length);
      const id = tagged ?? s.row?.cells[TC_COLUMN];
      const line = tagged === undefined && s.row ? s.row.line : s.line;
      const where = `${file}:${line}`;
      const fail = (problem: string): never => {
        throw new Error(`${where}: ${problem}`);
      };
      if (id === undefined) fail('the scenario has no test case id (the feature lint says how to give it one)');
      const own = requirementOfTestCase(id!);
      const requirement = own === undefined ? undefined : findRequirement(own);
      if (!requirement) return fail(`test case id ${id} names no requirement of the catalogue`);
      const requirements = requirementIdsOf(s.tags).map((r) => findRequirement(r) ?? fail(`@req:${r} is not in the catalogue`));
      if (!requirements.includes(requirement)) fail(`test case id ${id} names ${requirement.id}, which the scenario's @req tags do not`);

      const items: IcsItem[] = [];
      for (const tag of s.tags.filter((t) => t.startsWith('@ics:'))) {
        const name = tag.slice('@ics:'.length);
        const item = Object.hasOwn(ICS_TAG_ITEMS, name) ? ICS_TAG_ITEMS[name] : undefined;
        if (!item) fail(`${tag} has no ICS item in ICS_TAG_ITEMS (scripts/test-spec.ts): say there what it makes the applicability`);
        if (!Object.hasOwn(ICS_TAGS, name) || ICS_TAGS[name].field !== item!.field) fail(`${tag}: ICS_TAG_ITEMS gives ics.${item!.field}, ICS_TAGS (support/sut/sut-profile.ts) ${Object.hasOwn(ICS_TAGS, name) ? `ics.${ICS_TAGS[name].field}` : 'no field'}`);
        items.push(item!);
      }
      const setting: Setting = {};
      const givens: string[] = [];
      const whens: string[] = [];
      const thens: Criterion[] = [];
      for (const step of s.steps) {
        const at = `${file}:${step.line}`;
        const matches = EXPRESSIONS.flatMap((e) => {
          const args = e.compiled.match(step.text);
          return args ? [{ ...e, args: args.map((a) => a.getValue(null)) }] : [];
        });
        if (matches.length === 0) throw new Error(`${at}: the step "${step.text}" is unknown to the test specification: add its step definition's expression to STEPS in scripts/test-spec.ts, with what it means (a Given: the ICS items it needs; a Then: the sub-checks it judges)`);
        if (matches.length > 1) throw new Error(`${at}: the step "${step.text}" matches ${matches.map((m) => `"${m.expression}"`).join(' and ')} of STEPS (scripts/test-spec.ts)`);
        const { expression, meaning, args } = matches[0];
        if (step.type !== meaning.type) throw new Error(`${at}: the step "${step.text}" is written as a ${KEYWORD[step.type]}, but "${expression}" is a ${KEYWORD[meaning.type]} (STEPS, scripts/test-spec.ts)`);
        if (meaning.type === 'Context') {
          givens.push(step.text);
          const set = meaning.sets?.(args) ?? {};
          if (set.transport && setting.transport) throw new Error(`${at}: a second step sets the transport the client reaches its SIP/IP Core over`);
          Object.assign(setting, { transport: set.transport ?? setting.transport, ipVersion: set.ipVersion ?? setting.ipVersion });
          items.push(...(set.items ?? []));
        } else if (meaning.type === 'Action') {
          whens.push(step.text);
        } else {
          if (!requirements.some((r) => r.id === meaning.requirement)) throw new Error(`${at}: the step "${step.text}" judges ${meaning.requirement}, which the scenario's @req tags do not name`);
          const checks = meaning.checks?.(args) ?? subChecksOf(meaning.requirement) ?? [];
          for (const c of checks) if (!isSubCheck(meaning.requirement, c)) throw new Error(`${at}: the step "${step.text}" judges "${c}", which is not a sub-check of ${meaning.requirement} (${subChecksOf(meaning.requirement)?.join(', ')})`);
          thens.push({ text: step.text, requirement: meaning.requirement, checks });
        }
      }
      if (thens.length === 0) fail('the scenario has no Then: nothing would be judged');
      const applicability = [...new Map(items.map((i) => [i.text, i])).values()].sort(byItemOrder);
      cases.push({ id: id!, requirement, requirements, title: s.title, file, line, applicability, ...setting, givens, whens, thens });
    }
  }
  const order = (c: TestCase): number => CATALOGUE.indexOf(c.requirement);
  return cases.sort((a, b) => order(a) - order(b) || compare(a.id, b.id));
}

// ---- The catalogue's references ---------------------------------------------------------------

/**
 * The documents a requirement's summary names, and the sections of each: "RFC 3261 8.1.1" is
 * a section of RFC 3261; a bare section number is one of the RFC (or TS) named last before it in
 * the summary, or, before any, a clause of OMA SIMPLE IM. The requirement's own clause comes first.
 */
export function referencesOf(r: Requirement): string {
  const OMA = 'OMA SIMPLE IM';
  const docs = new Map<string, string[]>([[OMA, [r.clause]]]);
  const add = (doc: string, section?: string): void => {
    const sections = docs.get(doc) ?? [];
    if (section !== undefined && !sections.includes(section)) sections.push(section);
    docs.set(doc, sections);
  };
  let last = OMA;
  for (const m of r.summary.matchAll(/\b(RFC \d{3,4}|TS \d+\.\d+)(?: (\d+(?:\.\d+)+))?|\b(\d+(?:\.\d+)+)\b/g)) {
    if (m[1]) {
      last = m[1].startsWith('TS') ? `3GPP ${m[1]}` : m[1];
      add(last, m[2]);
    } else {
      add(last, m[3]);
    }
  }
  return [...docs]
    .map(([doc, sections]) => {
      if (doc === OMA) return `${OMA} clause ${sections.map((c) => (c === SUITE_CLAUSE ? `${c} "${SUITE_CLAUSE_TITLE}"` : c)).join(', ')}`;
      return sections.length === 0 ? doc : `${doc} section${sections.length > 1 ? 's' : ''} ${sections.join(', ')}`;
    })
    .join('; ');
}

// ---- The document -----------------------------------------------------------------------------

/** Markdown for text of the suite's own: its code spans kept, | < * escaped elsewhere (no HTML, no emphasis, no broken table). */
function md(text: string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part, i) => (i % 2 === 1 ? part.replace(/\|/g, '\\|') : part.replace(/[\\|<*]/g, (c) => `\\${c}`)))
    .join('');
}
/** Markdown for feature text: a quoted value as code (no autolink, no HTML), the rest as md(). */
function prose(text: string): string {
  return md(text.replace(/"[^"`]*"/g, (quoted) => `\`${quoted}\``));
}
const sentence = (text: string): string => `${prose(text.charAt(0).toUpperCase() + text.slice(1))}.`;
const code = (s: string): string => `\`${s}\``;
/** GitHub's anchor of a heading: lower case, punctuation other than - and _ dropped, spaces as -. */
const anchor = (heading: string): string => heading.toLowerCase().replace(/[^a-z0-9 _-]/g, '').replace(/ /g, '-');
const link = (id: string): string => `[${id}](#${anchor(id)})`;

const isOptional = (c: TestCase): boolean => c.requirements.some((r) => r.strength === 'MAY');
const expression = (c: TestCase): string => (c.applicability.length === 0 ? 'always' : c.applicability.map((i) => i.text).join(' AND '));

function wordsOf(requirement: string, check: string): SubCheckWords {
  const words = SUB_CHECK_WORDS[requirement]?.[check];
  if (!words) throw new Error(`sub-check ${check} of ${requirement} has no words in SUB_CHECK_WORDS (support/checks/sub-check-words.ts): say there what it checks`);
  return words;
}

/** The sub-checks a Then judges in this test case: over UDP or TCP the TLS ones are left out. */
function judged(c: TestCase, t: Criterion): { shown: string[]; tlsOnly: string[] } {
  const notTls = c.transport !== undefined && c.transport !== 'declared' && c.transport !== 'tls';
  const tlsOnly = t.checks.filter((check) => wordsOf(t.requirement, check).overTls);
  return { shown: t.checks.filter((check) => !(notTls && tlsOnly.includes(check))), tlsOnly: notTls ? tlsOnly : [] };
}

function subCheckLine(c: TestCase, requirement: string, check: string): string {
  const w = wordsOf(requirement, check);
  const r = findRequirement(requirement)!;
  const conditions = [w.overTls && c.transport !== 'tls' ? 'over TLS only' : undefined, w.when?.text].filter((x) => x !== undefined);
  const uncertain = r.uncertain?.checks.includes(check) ? ` (uncertain: ${r.uncertain.what}; waivable with a reason in the SUT profile)` : '';
  return `   - ${code(check)}${uncertain}: ${md(`${conditions.length > 0 ? `${conditions.join('; ')}: ` : ''}${w.words}.`)}`;
}

function equipment(c: TestCase): string {
  const parts = ["the suite's test bed, which plays the client's SIP/IP Core (its outbound proxy) and the IM Server that hosts the conference"];
  if (c.transport === 'tls' || c.transport === 'declared') parts.push(`${c.transport === 'declared' ? 'over TLS, ' : ''}the CA the client is told to trust (IM_TLS_CA: the run's throwaway CA, or the lab's testBed.tls)`);
  if (c.ipVersion === '6' || c.ipVersion === 'declared') parts.push(`${c.ipVersion === 'declared' ? 'on IPv6, ' : ''}the test bed's IPv6 address (testBed.host6, ::1 by default) on the machine that runs it: without one the test case is N/A`);
  return parts.join('; ');
}

function applicabilityLine(c: TestCase): string {
  const declaredNote = c.transport === 'declared' ? ' (over the first transport the client declares, UDP, TCP then TLS, on the first IP version it declares, 4 then 6)' : '';
  return `${code(expression(c))}${declaredNote}`;
}

function testCaseSection(c: TestCase): string {
  const field = (name: string, value: string): string => `| ${name} | ${value.replace(/\n/g, ' ')} |`;
  const lines = [
    `#### ${c.id}`,
    '',
    '| Field | Value |',
    '|---|---|',
    field('Test Case Id', c.id),
    field('Test Object', 'IM Client'),
    field('Test Case Description', `${prose(c.title)}${isOptional(c) ? ' (Includes Optional Features)' : ''}`),
    field('Specification Reference', c.requirements.map(referencesOf).join('; ')),
    field('SCR Reference', `${c.requirements.map((q) => `${q.id} (${q.strength}): ${md(q.title)}`).join('; ')}; OMA SCR number: Not Available`),
    field('Tool', 'simple-im-conformance (`npm run conformance`)'),
    field('Test code', code(`${c.file}:${c.line}`)),
    '',
    '**Preconditions**',
    '',
    `- Applicability: ${applicabilityLine(c)}`,
    `- Equipment: ${equipment(c)}`,
    '- Initial state:',
    ...c.givens.map((g, i) => `  ${i + 1}. ${sentence(g)}`),
    '',
    '**Test Procedure**',
    '',
    ...(c.whens.length > 0 ? c.whens.map((w, i) => `${i + 1}. ${sentence(w)}`) : ['Not Available']),
    '',
    '**Pass-Criteria**',
    '',
    `PASS when every sub-check below PASSes; FAIL when one FAILs; otherwise INCONC (see [Verdicts](#verdicts)).`,
    '',
  ];
  c.thens.forEach((t, i) => {
    const { shown, tlsOnly } = judged(c, t);
    lines.push(`${i + 1}. ${sentence(t.text)} Judged by ${shown.length === 1 ? 'the sub-check' : 'the sub-checks'} of ${t.requirement}:`);
    for (const check of shown) lines.push(subCheckLine(c, t.requirement, check));
    if (tlsOnly.length > 0) lines.push(`   - Not judged over ${c.transport!.toUpperCase()}: ${tlsOnly.map(code).join(', ')} (over TLS only).`);
  });
  lines.push('');
  return lines.join('\n');
}

const INTRO = `# Test specification: OMA SIMPLE IM clause ${SUITE_CLAUSE}, "${SUITE_CLAUSE_TITLE}"

<!-- Written by \`npm run spec\` (scripts/test-spec.ts) from features/, support/requirements.ts and support/checks/sub-checks.ts: edit those, not this file. -->

The conformance test cases of simple-im-conformance, laid out as an OMA Enabler Test
Specification lays them out: one test case per scenario of \`features/\`, and per row of an
Outline's Examples, each under its stable test case id (README, "Test case ids"). The fields
come in the template's order: Test Case Id, Test Object, Test Case Description, Specification
Reference, SCR Reference, Tool, Test code, Preconditions, Test Procedure, Pass-Criteria. A test
case of an optional requirement (MAY) says "(Includes Optional Features)" in its description;
what the suite does not have is written "Not Available" (OMA's SCR numbers: the SCR Reference
gives the suite's requirement id, support/requirements.ts, and its strength).

This file is generated, and a test fails when it differs from what the features and the
catalogue give: it describes what runs.

## Applicability

A test case applies when its applicability holds for the SUT profile's ICS (\`ics\` in the
profile; [proforma.md](proforma.md) numbers and describes each item): \`ics.transports ∋ tls\`
holds when the list declares tls, \`ics.sipIpCore = ims\` when the field has that value, a bare
item such as \`ics.conferenceSubscription\` when it is true; items join with AND; \`always\`
needs no declaration. Where it does not hold, the verdict is N/A with the reason. An IPv6 test
case is N/A too on a machine where the test bed has no IPv6 address. Appendix B maps each ICS
item to its test cases.

## Verdicts

Each sub-check of a Pass-Criteria gives one finding: PASS, FAIL or INCONC (it could not be
judged: for example no INVITE within ixit.inviteTimeoutMs, or a later request that did not
come within ixit.eventTimeoutMs). A test case is FAIL when a finding is FAIL, else INCONC when
one is INCONC, else PASS. A SUT profile may waive a sub-check of a requirement with a reason
(\`waivers\`): its FAIL is then reported as waived and counts as PASS. The sub-checks marked
uncertain encode a reading the suite could not settle (docs/requirements.md, "Facts the suite is
not sure of"). SHALL and COND requirements gate the compliance verdict; MAY and robustness (RB)
test cases are reported and never gate (docs/INTERPRETING.md).

## Contents

- [Test cases](#test-cases), by requirement
- [Appendix A: test cases of mandatory features only](#appendix-a-test-cases-of-mandatory-features-only)
- [Appendix B: ICS to test case mapping](#appendix-b-ics-to-test-case-mapping)
- [Appendix C: test cases by requirement](#appendix-c-test-cases-by-requirement)
`;

function appendixA(cases: readonly TestCase[]): string {
  const mandatory = cases.filter((c) => c.requirements.every((r) => r.strength === 'SHALL'));
  return [
    '## Appendix A: test cases of mandatory features only',
    '',
    'The test cases whose requirements are all SHALL: every implementation runs them, over the transports and IP versions it declares. Left out: COND (RJ-09, mandatory only over an IMS core, `ics.sipIpCore = ims`), MAY (optional features) and robustness (RB).',
    '',
    '| Test case | Requirement | Applicability |',
    '|---|---|---|',
    ...mandatory.map((c) => `| ${link(c.id)} | ${c.requirement.id} | ${code(expression(c))} |`),
    '',
  ].join('\n');
}

function appendixB(cases: readonly TestCase[]): string {
  const items = [...new Map(cases.flatMap((c) => c.applicability).map((i) => [i.text, i])).values()].sort(byItemOrder);
  const ids = (list: readonly TestCase[]): string => (list.length === 0 ? 'none' : list.map((c) => c.id).join(', '));
  const numbered = (field: string): string => `${proformaItem(field).item} ${code(field)}`;
  const rows = items.map((i) => `| ${code(i.text)} | ${numbered(`ics.${i.field}`)} | ${ids(cases.filter((c) => c.applicability.some((a) => a.text === i.text)))} |`);
  rows.push(`| ${code('always')} | none | ${ids(cases.filter((c) => c.applicability.length === 0))} |`);

  // The items that do not decide whether a test case applies, but whether some of its sub-checks are judged.
  const conditions = new Map<string, { checks: Set<string>; cases: Set<TestCase> }>();
  for (const c of cases) {
    for (const t of c.thens) {
      for (const check of judged(c, t).shown) {
        const when = wordsOf(t.requirement, check).when;
        if (!when) continue;
        const entry = conditions.get(when.item) ?? { checks: new Set<string>(), cases: new Set<TestCase>() };
        entry.checks.add(`${t.requirement} ${code(check)}`);
        entry.cases.add(c);
        conditions.set(when.item, entry);
      }
    }
  }
  const order = (field: string): number => [...PROFORMA.ics, ...PROFORMA.ixit].indexOf(proformaItem(field));
  const judging = [...conditions].sort(([a], [b]) => order(a) - order(b)).map(([item, { checks, cases: list }]) => `| ${numbered(item)} | ${[...checks].join(', ')} | ${ids([...list])} |`);
  const unused = FIELD_ORDER.filter((f) => !items.some((i) => `ics.${i.field}` === f) && !conditions.has(f));
  return [
    '## Appendix B: ICS to test case mapping',
    '',
    'Each ICS item of an applicability expression, its item of the ICS proforma ([proforma.md](proforma.md)) and the test cases that need it:',
    '',
    '| applicability item | proforma item | test cases |',
    '|---|---|---|',
    ...rows,
    '',
    'The ICS and IXIT items that decide whether some sub-checks of a test case are judged, not whether it applies:',
    '',
    '| proforma item | the sub-checks whose judging it decides | test cases |',
    '|---|---|---|',
    ...judging,
    '',
    ...(unused.length > 0 ? [`ICS items no test case depends on: ${unused.map(numbered).join(', ')}.`, ''] : []),
  ].join('\n');
}

function appendixC(cases: readonly TestCase[]): string {
  return [
    '## Appendix C: test cases by requirement',
    '',
    '| Requirement | Strength | Clause | Title | Test cases |',
    '|---|---|---|---|---|',
    ...CATALOGUE.map((r) => {
      const own = cases.filter((c) => c.requirement === r);
      return `| [${r.id}](#${anchor(`${r.id} ${r.strength} ${r.title}`)}) | ${r.strength} | ${r.clause} | ${md(r.title)} | ${own.length === 0 ? 'Not Available' : own.map((c) => link(c.id)).join(', ')} |`;
    }),
    '',
  ].join('\n');
}

/** Every sub-check of a requirement that has test cases is judged by one of them, so none is left out of the document unseen. */
function unjudgedSubChecks(cases: readonly TestCase[]): string[] {
  const missing: string[] = [];
  for (const r of CATALOGUE) {
    const own = cases.filter((c) => c.thens.some((t) => t.requirement === r.id));
    if (own.length === 0) continue;
    const judgedChecks = new Set(own.flatMap((c) => c.thens.filter((t) => t.requirement === r.id).flatMap((t) => t.checks)));
    for (const check of SUB_CHECKS[r.id]) if (!judgedChecks.has(check)) missing.push(`${r.id} ${check}`);
  }
  return missing;
}

/** The whole document for these features. */
export function testSpecification(files: readonly FeatureFile[]): string {
  for (const [requirement, words] of Object.entries(SUB_CHECK_WORDS)) {
    for (const check of Object.keys(words)) if (!isSubCheck(requirement, check)) throw new Error(`SUB_CHECK_WORDS (support/checks/sub-check-words.ts) describes ${requirement} ${check}, which support/checks/sub-checks.ts does not list`);
  }
  for (const [requirement, checks] of Object.entries(SUB_CHECKS)) for (const check of checks) wordsOf(requirement, check);
  for (const name of Object.keys(ICS_TAGS)) if (!Object.hasOwn(ICS_TAG_ITEMS, name)) throw new Error(`@ics:${name} (ICS_TAGS) has no ICS item in ICS_TAG_ITEMS (scripts/test-spec.ts)`);
  const cases = testCasesOf(files);
  const unjudged = unjudgedSubChecks(cases);
  if (unjudged.length > 0) throw new Error(`no Then of STEPS (scripts/test-spec.ts) judges ${unjudged.join(', ')}: say which step does`);
  const body: string[] = ['## Test cases', ''];
  for (const r of CATALOGUE) {
    const own = cases.filter((c) => c.requirement === r);
    body.push(`### ${r.id} (${r.strength}): ${md(r.title)}`, '', md(r.summary), '');
    if (own.length === 0) body.push('Not Available: no scenario judges it yet.', '');
    for (const c of own) body.push(testCaseSection(c));
  }
  return [INTRO, body.join('\n'), appendixA(cases), appendixB(cases), appendixC(cases)].join('\n').replace(/\n{3,}/g, '\n\n').replace(/\n*$/, '\n');
}

function main(): number {
  const file = path.join(PROJECT_ROOT, DOC);
  const after = testSpecification(readFeatureFiles());
  const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  if (after === before) {
    console.log(`${DOC}: up to date`);
  } else {
    fs.writeFileSync(file, after);
    console.log(`${DOC}: written (${after.split('\n').length} lines)`);
  }
  return 0;
}

if (require.main === module) process.exitCode = main();
