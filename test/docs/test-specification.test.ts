import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { PROJECT_ROOT } from '../../support/project';
import { requirementOfTestCase, TC_COLUMN, TC_TAG_PREFIX } from '../../support/report/test-case-id';
import { CATALOGUE, requirement } from '../../support/requirements';
import { DOC, PARAMETER_TYPES, readFeatureFiles, referencesOf, STEPS, testCasesOf, testSpecification } from '../../scripts/test-spec';
import { filesUnder, scenariosOf } from '../features/feature-lint';

/** docs/test-specification.md is what scripts/test-spec.ts writes from the features and the catalogue, and the generator refuses what it cannot place. */
const read = (file: string): string => fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8');
const features = readFeatureFiles();
const doc = read(DOC);
const fixture = (name: string) => ({ file: `test/data/features/spec/${name}`, text: read(`test/data/features/spec/${name}`) });

test(`${DOC} is the one the features, the catalogue and the sub-checks give`, () => {
  assert.ok(testSpecification(features) === doc, `${DOC} has drifted from features/, support/requirements.ts or support/checks/sub-checks.ts: run \`npm run spec\` and commit the result`);
});

test('every test case id of the features is specified exactly once, and no other', () => {
  // The ids read here as the lint reads them, not through the generator.
  const ids = features.flatMap(({ file, text }) =>
    scenariosOf(text, file).map((s) => s.tags.find((t) => t.startsWith(TC_TAG_PREFIX))?.slice(TC_TAG_PREFIX.length) ?? s.row?.cells[TC_COLUMN]),
  );
  assert.ok(ids.length > 0 && ids.every((id) => id !== undefined), 'every scenario has an id');
  const headings = [...doc.matchAll(/^#### (\S+)$/gm)].map((m) => m[1]);
  const fields = [...doc.matchAll(/^\| Test Case Id \| (\S+) \|$/gm)].map((m) => m[1]);
  for (const id of ids) {
    assert.equal(headings.filter((h) => h === id).length, 1, `${id}: one test case heading`);
    assert.equal(fields.filter((f) => f === id).length, 1, `${id}: one Test Case Id field`);
  }
  assert.deepEqual([...headings].sort(), [...ids].sort() as string[], 'a test case per id of the features, none other');
  assert.deepEqual(fields, headings);
});

test('the fields of a test case come in the order of the OMA ETS template', () => {
  const section = doc.slice(doc.indexOf('#### SIMPLE_IM-1.0-con-RJ05-01'), doc.indexOf('#### SIMPLE_IM-1.0-con-RJ05-02'));
  const order = ['Test Case Id', 'Test Object', 'Test Case Description', 'Specification Reference', 'SCR Reference', 'Tool', 'Test code', '**Preconditions**', '**Test Procedure**', '**Pass-Criteria**'];
  const at = order.map((f) => section.indexOf(f));
  assert.ok(at.every((i) => i >= 0), `every field is there: ${order.filter((_, i) => at[i] < 0).join(', ')}`);
  assert.deepEqual([...at].sort((a, b) => a - b), at);
  assert.match(section, /^\| Test Object \| IM Client \|$/m);
  assert.match(section, /^- Applicability: `ics\.transports ∋ udp AND ics\.ipVersions ∋ 4`$/m);
  assert.match(section, /^1\. The user asks the client to rejoin `"sip:conf-51@conference\.example\.invalid"`\.$/m);
  assert.match(section, /^ {3}- `ack-route-set`: /m);
});

test('the applicability comes from the transport and IP version, the Givens that name a declaration and the @ics: tags', () => {
  const cases = new Map(testCasesOf(features).map((c) => [c.id, c.applicability.map((i) => i.text).join(' AND ')]));
  assert.equal(cases.get('SIMPLE_IM-1.0-con-RJ05-06'), 'ics.transports ∋ tls AND ics.ipVersions ∋ 6');
  assert.equal(cases.get('SIMPLE_IM-1.0-con-RJ05-07'), 'ics.transports ∋ udp AND ics.ipVersions ∋ 4', '"over UDP" is on IPv4');
  assert.equal(cases.get('SIMPLE_IM-1.0-con-RJ08-04'), 'ics.transports ∋ udp AND ics.ipVersions ∋ 6 AND ics.conferenceSubscription');
  assert.equal(cases.get('SIMPLE_IM-1.0-con-RJ09-01'), 'ics.sipIpCore = ims');
  assert.equal(cases.get('SIMPLE_IM-1.0-con-RB06-01'), 'ics.conferenceSubscription', 'the tag and the Given say it once');
  assert.equal(cases.get('SIMPLE_IM-1.0-con-RJ01-07'), '', '"over a transport it declares" is always applicable');
});

test('over UDP or TCP the TLS-only sub-checks are left out of the pass criteria, and the uncertain ones say so', () => {
  const section = (id: string): string => doc.slice(doc.indexOf(`#### ${id}`), doc.indexOf('\n#### ', doc.indexOf(`#### ${id}`) + 1));
  assert.doesNotMatch(section('SIMPLE_IM-1.0-con-RJ04-01'), /^ {3}- `route-scheme-as-configured`/m);
  assert.match(section('SIMPLE_IM-1.0-con-RJ04-01'), /Not judged over UDP: `route-scheme-as-configured` \(over TLS only\)/);
  assert.match(section('SIMPLE_IM-1.0-con-RJ04-03'), /^ {3}- `route-scheme-as-configured` \(uncertain: the configured scheme in the Route over TLS; waivable/m);
  assert.match(section('SIMPLE_IM-1.0-con-RJ01-07'), /^ {3}- `oma-im-feature-tag` \(uncertain: /m);
  assert.doesNotMatch(section('SIMPLE_IM-1.0-con-RJ01-07'), /`message-syntax`/, 'the OMA rows judge their one sub-check');
});

test('a test case of a MAY requirement, and only one, includes optional features', () => {
  for (const [, id, description] of doc.matchAll(/^#### (\S+)\n\n(?:.*\n){4}\| Test Case Description \| (.*) \|$/gm)) {
    const optional = requirement(requirementOfTestCase(id)!).strength === 'MAY';
    assert.equal(description.endsWith(' (Includes Optional Features)'), optional, id);
  }
  assert.match(doc, /SIMPLE_IM-1\.0-con-RJ08-01 \|\n\| Test Object \| IM Client \|\n\| Test Case Description \| .* \(Includes Optional Features\) \|/);
});

test('the appendices: mandatory-only test cases, the ICS mapping, a table of contents by requirement', () => {
  const appendix = (title: string): string => {
    const start = doc.indexOf(`## ${title}`);
    const end = doc.indexOf('\n## ', start + 1);
    return doc.slice(start, end < 0 ? undefined : end);
  };
  const a = appendix('Appendix A');
  assert.match(a, /\[SIMPLE_IM-1\.0-con-RJ02-01\]\(#simple_im-10-con-rj02-01\) \| RJ-02 \|/);
  assert.doesNotMatch(a, /RJ08|RJ09|RB0/, 'no MAY, COND or robustness test case');
  const b = appendix('Appendix B');
  assert.match(b, /^\| `ics\.sipIpCore = ims` \| .* \| SIMPLE_IM-1\.0-con-RJ09-01 \|$/m);
  assert.match(b, /^\| `ics\.transports ∋ tls` \| ICS-1 `ics\.transports` \| /m, 'numbered as the proforma numbers it');
  assert.match(b, /^\| ICS-5 `ics\.answersState` \| RJ-06 `state-allow`, RJ-07 `state-session-identity` \| /m);
  const c = appendix('Appendix C');
  for (const r of CATALOGUE) assert.match(c, new RegExp(`^\\| \\[${r.id}\\]\\(#${r.id.toLowerCase()}-${r.strength.toLowerCase()}-`, 'm'), r.id);
  assert.doesNotMatch(doc, /\b20\d\d-\d\d-\d\d\b/, 'no date');
});

test("the specification reference names the catalogue's clause and the RFC sections its summary names", () => {
  assert.equal(referencesOf(requirement('RJ-01')), 'OMA SIMPLE IM clause 7.1.1.9 "IM Client rejoins an IM Conference Session", 7.1.1.1; RFC 3261 sections 8.1.1, 18.1.1');
  assert.equal(referencesOf(requirement('RJ-05')), 'OMA SIMPLE IM clause 7.1.1.9 "IM Client rejoins an IM Conference Session"; RFC 3261 sections 13.2.2.4, 12.2.1.1');
  assert.equal(referencesOf(requirement('RJ-08')), 'OMA SIMPLE IM clause 7.1.1.12; RFC 4575; RFC 6665');
  assert.equal(referencesOf(requirement('RJ-09')), 'OMA SIMPLE IM clause 7.1.1.9 "IM Client rejoins an IM Conference Session"; 3GPP TS 24.229');
});

test('the generator stops on a step it does not know, naming the file and the line, rather than guess', () => {
  assert.throws(() => testSpecification([...features, fixture('unknown-step.feature')]), /^Error: test\/data\/features\/spec\/unknown-step\.feature:10: the step "the client reaches its SIP\/IP Core over carrier pigeon" is unknown to the test specification/);
  assert.throws(() => testSpecification([fixture('unknown-then.feature')]), /unknown-then\.feature:12: the step "the INVITE is beautiful" is unknown to the test specification: .*a Then: the sub-checks it judges/);
});

test('the generator stops on a Given written as a Then, and on a sub-check the requirement does not have', () => {
  assert.throws(() => testSpecification([fixture('given-as-then.feature')]), /given-as-then\.feature:11: the step "the client reaches its SIP\/IP Core over UDP" is written as a Then, but .* is a Given/);
  const defective = { file: 'test/data/features/test-bed-error.feature', text: read('test/data/features/test-bed-error.feature') };
  assert.throws(() => testSpecification([defective]), /test-bed-error\.feature:11: .* judges "no-such-sub-check", which is not a sub-check of RJ-01/);
});

/**
 * The step definitions of steps/*.ts, read from their source: "Given <expression>", and the
 * checks of the registry their body judges with (`checkCall('<name>'`), up to the next one.
 */
function stepDefinitions(): Array<{ step: string; calls: string[] }> {
  return filesUnder(PROJECT_ROOT, 'steps', '.ts').flatMap((file) => {
    const source = read(file);
    const found = [...source.matchAll(/\b(Given|When|Then)\(\s*(['"])((?:\\.|(?!\2).)*)\2/g)];
    return found.map((m, i) => {
      const body = source.slice(m.index, found[i + 1]?.index ?? source.length);
      const calls = [...new Set([...body.matchAll(/\bcheckCall\(\s*'([^']+)'/g)].map((c) => c[1]))].sort();
      return { step: `${m[1]} ${m[3].replace(/\\(.)/g, '$1')}`, calls };
    });
  });
}

test('STEPS holds every step definition of steps/, as a Given, a When or a Then, and nothing else', () => {
  const keyword = { Context: 'Given', Action: 'When', Outcome: 'Then' } as const;
  const table = STEPS.map(([expression, meaning]) => `${keyword[meaning.type]} ${expression}`);
  const defined = stepDefinitions().map((d) => d.step);
  assert.ok(defined.length > 20, `the step definitions were read (${defined.length})`);
  assert.deepEqual([...table].sort(), [...defined].sort());
});

test("each Then of STEPS names the checks its step definition judges with, and only a Then judges", () => {
  const table = new Map(STEPS.map(([expression, meaning]) => [expression, meaning.type === 'Outcome' ? [...meaning.calls].sort() : []]));
  for (const { step, calls } of stepDefinitions()) {
    const expression = step.slice(step.indexOf(' ') + 1);
    assert.deepEqual(calls, table.get(expression), `${step}: the checkCall names in steps/ and the calls in STEPS (scripts/test-spec.ts)`);
  }
});

test("PARAMETER_TYPES are steps/parameter-types.ts's", () => {
  const source = read('steps/parameter-types.ts');
  const defined = [...source.matchAll(/defineParameterType\(\{ name: '(\w+)', regexp: \/(.*?)\/,/g)].map((m) => `${m[1]} ${m[2]}`);
  assert.deepEqual(defined, PARAMETER_TYPES.map((p) => `${p.name} ${p.regexp.source}`));
});
