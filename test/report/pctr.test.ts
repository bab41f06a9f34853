import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { markdownText, pctrHtml, pctrMarkdown, writePctr, type PctrInput } from '../../support/report/pctr';
import { buildSummary, type ScenarioOutcome, type WaivedFinding } from '../../support/report/summary';
import type { SuiteIdentity } from '../../support/report/suite-identity';
import { CATALOGUE } from '../../support/requirements';
import { proformaRows } from '../../support/sut/proforma-rows';
import { profileSchema } from '../../support/sut/profile-schema';
import { validateSutProfile } from '../../support/sut/sut-profile';

const suite: SuiteIdentity = { name: 'simple-im-conformance', version: '0.1.0', commit: '0123456789abcdef0123456789abcdef01234567', digest: 'ab'.repeat(32), files: ['features/a.feature', 'support/checks/a.ts', 'support/checks/b.ts'] };
const declared = {
  $schema: './sut-profile.schema.json',
  name: 'acme-im',
  version: '2.3',
  adapter: 'process',
  supplier: 'ACME Telecom',
  process: { command: ['./acme-im', '--upper-tester', 'two words'] },
  env: { IM_SIP_CORE: 'plain', IM_NOTE: 'a; b' },
  ics: { transports: ['udp', 'tcp'], conferenceSubscription: true },
  ixit: { userUri: 'sip:bob@example.invalid', localHost: '127.0.0.2', t1Ms: 500 },
};
const profile = validateSutProfile(declared, '/labs/acme/acme.json');
const sut = { name: profile.name, version: profile.version, adapter: profile.adapter };

/** Every catalogue id judged PASS by one test case, except what `changes` gives per id. */
function outcomes(changes: Record<string, Partial<ScenarioOutcome>> = {}): ScenarioOutcome[] {
  return CATALOGUE.map((r) => ({ id: `SIMPLE_IM-1.0-con-${r.id.replace('-', '')}-01`, name: `${r.id} case`, requirement: r.id, verdict: 'PASS' as const, reason: `${r.id} PASS: fine`, ...changes[r.id] }));
}

function input(summary = buildSummary(suite, sut, outcomes()), more: Partial<PctrInput> = {}): PctrInput {
  return { summary, profile, declared, profileFile: '/labs/acme/acme.json', suite, strict: false, options: [], started: new Date('2025-03-04T10:20:30.456Z'), finished: new Date('2025-03-04T10:21:42.956Z'), node: 'v20.19.0', ...more };
}

/** The tables of the Markdown section under `heading`: their rows, each split into its cells at the unescaped `|`. */
function markdownTables(md: string, heading: string): string[][][] {
  const section = md.split(/^## /m).find((s) => s.startsWith(heading));
  assert.ok(section, `no section ${heading}`);
  return section
    .split(/\n\n/)
    .filter((block) => block.startsWith('|'))
    .map((table) =>
      table
        .split('\n')
        .slice(2)
        .map((l) => l.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim())),
    );
}

function markdownRows(md: string, heading: string): string[][] {
  return markdownTables(md, heading).flat();
}

test('a run where a SHALL failed: NOT COMPLIANT, naming the failing SHALL, in both files', () => {
  const summary = buildSummary(suite, sut, outcomes({ 'RJ-02': { verdict: 'FAIL', reason: 'RJ-02 FAIL: the Request-URI sip:conf-41@im.example.invalid is not the IM Session Identity\n  line 1: INVITE ...' } }));
  const md = pctrMarkdown(input(summary));
  assert.match(md, /^\*\*NOT COMPLIANT\*\*: acme-im 2\.3: 1 applicable SHALL or COND requirement\(s\) did not pass:\n\n- RJ-02 SHALL FAIL: RJ-02 FAIL: the Request-URI sip:conf-41@im\.example\.invalid is not the IM Session Identity$/m);
  assert.doesNotMatch(md, /^\*\*COMPLIANT\*\*/m);
  assert.doesNotMatch(md, /line 1: INVITE/, 'a reason shows its first line only');
  const html = pctrHtml(input(summary));
  assert.match(html, /<div class="statement"><b>NOT COMPLIANT<\/b>: acme-im 2\.3: 1 applicable SHALL or COND requirement\(s\) did not pass:<ul><li>RJ-02 SHALL FAIL: RJ-02 FAIL: the Request-URI/);
  assert.match(html, /<td class="v v-FAIL">FAIL<\/td>/);
  // The requirement matrix: id, strength, verdict, number of test cases.
  assert.deepEqual(markdownRows(md, '5 ').find((r) => r[0] === 'RJ-02')?.slice(2, 5), ['SHALL', 'FAIL', '1']);
});

test('a clean run: COMPLIANT; --strict and a partial selection are said', () => {
  assert.match(pctrMarkdown(input()), /^\*\*COMPLIANT\*\*: acme-im 2\.3: every applicable SHALL requirement \(and COND one\) passed\.$/m);
  // A MAY that failed does not gate, unless --strict.
  const may = buildSummary(suite, sut, outcomes({ 'RJ-08': { verdict: 'FAIL', reason: 'RJ-08 FAIL: no SUBSCRIBE' } }));
  assert.match(pctrMarkdown(input(may)), /^\*\*COMPLIANT\*\*/m);
  const strict = pctrMarkdown(input(may, { strict: true }));
  assert.match(strict, /^\*\*NOT COMPLIANT\*\*: acme-im 2\.3: 1 requirement\(s\) \(--strict: MAY and robustness included\) did not pass:\n\n- RJ-08 MAY FAIL: RJ-08 FAIL: no SUBSCRIBE$/m);
  assert.match(strict, /\| gate \| --strict in force/);
  // --tags @req:RJ-02: every other catalogue id is N/A "not selected in this run".
  const selected = buildSummary(suite, sut, outcomes().filter((o) => o.requirement === 'RJ-02'), new Set(CATALOGUE.map((r) => r.id)));
  const partial = pctrMarkdown(input(selected, { options: ['--tags', '@req:RJ-02'] }));
  assert.match(partial, /^\*\*COMPLIANT\*\*/m);
  assert.match(partial, /^\*\*Limit\*\*: partial run: the selection left out RJ-01, RJ-03, RJ-04, RJ-05, RJ-06, RJ-07, RJ-09, so the statement does not cover them\.$/m);
  assert.match(partial, /\| selection and options \| --tags @req:RJ-02 \|/);
  const uncovered = buildSummary(suite, sut, outcomes().filter((o) => o.requirement !== 'RJ-07'));
  assert.match(pctrMarkdown(input(uncovered)), /^\*\*Limit\*\*: partial coverage: this suite version does not judge RJ-07 yet/m);
});

test('the waivers with their reasons and what each turned', () => {
  const UA = { requirement: 'RJ-01', check: 'oma-user-agent', reason: 'our release of 7.1.1.1 does not require it' };
  const ACK = { requirement: 'RJ-05', check: 'ack-each-retransmission', reason: 'not this release' };
  const waived: WaivedFinding[] = [
    { id: 'SIMPLE_IM-1.0-con-RJ01-01', scenario: 'RJ-01 case', requirement: 'RJ-01', check: 'oma-user-agent', reason: UA.reason, finding: 'RJ-01 FAIL: the User-Agent "x/1" does not start with IM-client/OMA', scenarioVerdict: 'PASS', messageSeq: 1 },
  ];
  const summary = buildSummary(suite, sut, outcomes(), new Set(), { inForce: [UA, ACK], waived });
  const md = pctrMarkdown(input(summary));
  assert.deepEqual(markdownRows(md, '7 '), [
    ['RJ-01', 'oma-user-agent', 'our release of 7.1.1.1 does not require it', 'SIMPLE_IM-1.0-con-RJ01-01: RJ-01 FAIL: the User-Agent "x/1" does not start with IM-client/OMA'],
    ['RJ-05', 'ack-each-retransmission', 'not this release', 'nothing in this run'],
  ]);
  assert.deepEqual(markdownRows(md, '5 ').find((r) => r[0] === 'RJ-01')?.[5], 'PASS with a waiver of oma-user-agent (see Waivers)', 'the matrix marks the PASS that needed one');
  assert.match(pctrHtml(input(summary)), /<td>our release of 7\.1\.1\.1 does not require it<\/td><td>SIMPLE_IM-1\.0-con-RJ01-01: RJ-01 FAIL: the User-Agent &quot;x\/1&quot;/);
  assert.match(pctrMarkdown(input(buildSummary(suite, sut, outcomes()))), /## 7 Waivers\n\nNone: the SUT profile waives no sub-check\./);
});

test('a | or <script> from the profile or the summary is escaped, in Markdown table cells and in HTML', () => {
  const hostile = '<script>alert(1)</script> a | b & c\nsecond line';
  const summary = buildSummary(suite, { ...sut, name: '<script>x</script>' }, outcomes({ 'RJ-03': { verdict: 'FAIL', reason: `RJ-03 FAIL: ${hostile}`, name: 'offer | <b>bold</b>' } }), new Set(), {
    inForce: [{ requirement: 'RJ-01', check: 'oma-user-agent', reason: 'line one | two\nline <two>' }],
    waived: [],
  });
  const evil = validateSutProfile({ ...declared, name: '<script>x</script>', supplier: 'A|B <img src=x onerror=alert(1)>' }, '/labs/acme/evil.json');
  const md = pctrMarkdown(input(summary, { profile: evil, declared: { ...declared, supplier: 'A|B <img src=x onerror=alert(1)>' } }));
  const cases = markdownRows(md, '6 ');
  const rj03 = cases.find((r) => r[2] === 'RJ-03')!;
  assert.equal(rj03.length, 6, 'a | in a cell does not make a column');
  assert.equal(rj03[1], 'offer \\| \\<b\\>bold\\</b\\>');
  assert.equal(rj03[5], 'RJ-03 FAIL: \\<script\\>alert(1)\\</script\\> a \\| b & c');
  assert.deepEqual(markdownRows(md, '7 ')[0].slice(2), ['line one \\| two line \\<two\\>', 'nothing in this run'], 'a newline in a cell becomes a space');
  assert.ok(markdownRows(md, '1 ').some((r) => r[0] === 'supplier' && r[1] === 'A\\|B \\<img src=x onerror=alert(1)\\>'));
  assert.doesNotMatch(md.replace(/<br>/g, ''), /(?<!\\)[<>]/, 'no < or > a renderer could take for HTML');

  const html = pctrHtml(input(summary, { profile: evil, declared: { ...declared, supplier: 'A|B <img src=x onerror=alert(1)>' } }));
  assert.doesNotMatch(html, /<script|<img|<b>bold/);
  assert.match(html, /<title>PCTR: &lt;script&gt;x&lt;\/script&gt; 2\.3/);
  assert.match(html, /<td>RJ-03 FAIL: &lt;script&gt;alert\(1\)&lt;\/script&gt; a \| b &amp; c<\/td>/);
  assert.match(html, /<td>offer \| &lt;b&gt;bold&lt;\/b&gt;<\/td>/);
  assert.equal(markdownText('SIMPLE_IM _x_ *y* [z](u) `c` ~~s~~ &amp;'), 'SIMPLE_IM \\_x\\_ \\*y\\* \\[z\\](u) \\`c\\` \\~\\~s\\~\\~ \\&amp;');
});

test('one row per test case, each id once, in catalogue order then id order', () => {
  const all = [
    ...outcomes(),
    { id: 'SIMPLE_IM-1.0-con-RJ02-03', name: 'third', requirement: 'RJ-02', verdict: 'N/A' as const, reason: 'N/A: the client does not declare tcp' },
    { id: 'SIMPLE_IM-1.0-con-RJ02-02', name: 'second', requirement: 'RJ-02', verdict: 'INCONC' as const, reason: 'INCONC: no INVITE within 5000 ms' },
  ].reverse(); // in the order they ended, which is no order
  const summary = buildSummary(suite, sut, all);
  const md = pctrMarkdown(input(summary));
  const ids = markdownRows(md, '6 ').map((r) => r[0]);
  const expected = CATALOGUE.flatMap((r) => {
    const own = `SIMPLE_IM-1.0-con-${r.id.replace('-', '')}-01`;
    return r.id === 'RJ-02' ? [own, 'SIMPLE_IM-1.0-con-RJ02-02', 'SIMPLE_IM-1.0-con-RJ02-03'] : [own];
  });
  assert.deepEqual(ids, expected);
  for (const id of expected) {
    assert.equal(md.split(id).length - 1, 1, `${id} once in pctr.md`);
    assert.equal(pctrHtml(input(summary)).split(`<td class="mono">${id}</td>`).length - 1, 1, `${id} once in pctr.html`);
  }
  assert.deepEqual(markdownRows(md, '6 ').find((r) => r[0] === 'SIMPLE_IM-1.0-con-RJ02-02'), ['SIMPLE_IM-1.0-con-RJ02-02', 'second', 'RJ-02', 'SHALL', 'INCONC', 'INCONC: no INVITE within 5000 ms']);
});

test('the SUT identification, the suite identity, the date and duration of the run', () => {
  const md = pctrMarkdown(input());
  const [sutTable, suiteTable, runTable] = markdownTables(md, '1 ').map((t) => Object.fromEntries(t.map((r) => [r[0], r[1]])));
  const ident = { ...suiteTable, ...runTable, ...sutTable };
  assert.equal(suiteTable.name, 'simple-im-conformance');
  assert.equal(suiteTable.version, '0.1.0');
  assert.equal(ident.name, 'acme-im');
  assert.equal(ident.version, '2.3');
  assert.equal(ident.adapter, 'process');
  assert.equal(ident['profile file'], '/labs/acme/acme.json');
  assert.equal(ident.supplier, 'ACME Telecom', 'a field the suite does not read still identifies the client');
  assert.deepEqual(Object.keys(sutTable), ['name', 'version', 'adapter', 'profile file', 'supplier'], 'not the editor\'s $schema');
  assert.equal(ident.commit, suite.commit);
  assert.equal(ident.digest, `SHA-256 ${'ab'.repeat(32)}`);
  assert.equal(ident['digested files'], '3 (the features and the checks that decide a verdict)');
  assert.equal(ident.started, '2025-03-04T10:20:30Z');
  assert.equal(ident.finished, '2025-03-04T10:21:42Z');
  assert.equal(ident.duration, '1 min 12.5 s (PT1M12.5S)');
  assert.match(md, /^## 8 Signatures\n\n(?:.*\n){2}\| Tested by \| {3}\|\n\| Date \| {3}\|\n\| Test laboratory \| {3}\|\n\| Signature \| {3}\|$/m);
});

test('the ICS and the IXIT: every item of the proforma with the value the run used, the defaults marked', () => {
  const md = pctrMarkdown(input());
  const value = (heading: string): Record<string, string> => Object.fromEntries(markdownRows(md, heading).map((r) => [r[1], r[2]]));
  assert.deepEqual(value('3 '), {
    'ics.transports': 'udp, tcp',
    'ics.ipVersions': '4 (default)',
    'ics.tlsClientCertificate': 'no (default)',
    'ics.sipIpCore': 'plain (default)',
    'ics.answersState': 'no (default)',
    'ics.conferenceSubscription': 'yes',
  });
  const ixit = value('4 ');
  assert.deepEqual(
    Object.fromEntries(['process.command', 'process.cwd', 'process.reuse', 'command.rejoin', 'env', 'interop', 'testBed.host', 'testBed.port', 'testBed.tls', 'testBed.tls.ca', 'ixit.userUri', 'ixit.localHost6', 'ixit.inviteTimeoutMs', 'ixit.t1Ms', 'ixit.ims'].map((f) => [f, ixit[f]])),
    {
      'process.command': "./acme-im --upper-tester 'two words'",
      'process.cwd': "not set: the folder the suite is run from; the suite's own folder for a profile inside it (suts/)",
      'process.reuse': 'no (default)',
      'command.rejoin': 'not set',
      env: 'IM_SIP_CORE=plain<br>IM_NOTE=a; b',
      interop: 'no (default)',
      'testBed.host': '127.0.0.1 (default)',
      'testBed.port': 'not set: a free port',
      'testBed.tls': 'not set: a throwaway CA per run',
      'testBed.tls.ca': 'not set',
      'ixit.userUri': 'sip:bob@example.invalid',
      'ixit.localHost6': '::1 (default)',
      'ixit.inviteTimeoutMs': '5000 ms (default)',
      'ixit.t1Ms': '500 ms',
      'ixit.ims': 'not set: {"accessNetworkInfo": false} when ics.sipIpCore is "ims"',
    },
  );
  // The items are the proforma's, numbered the same (docs/proforma.md), each with its description.
  const { ics, ixit: ixitItems } = proformaRows(profileSchema().schema);
  assert.deepEqual(markdownRows(md, '3 ').map((r) => [r[0], r[1]]), ics.map((r) => [r.item, r.field]));
  assert.deepEqual(markdownRows(md, '4 ').map((r) => [r[0], r[1]]), ixitItems.map((r) => [r.item, r.field]));
  assert.equal(markdownRows(md, '4 ').find((r) => r[1] === 'ixit.t1Ms')?.[3], markdownText(ixitItems.find((r) => r.field === 'ixit.t1Ms')!.description));
  assert.match(pctrHtml(input()), /<tr><td>IXIT-13<\/td><td class="mono">env<\/td><td>IM_SIP_CORE=plain<br>IM_NOTE=a; b<\/td>/);

  // An IMS client's settings show as their fields; the ones it left out as defaults.
  const imsDeclared = { ...declared, ics: { ...declared.ics, sipIpCore: 'ims' }, ixit: { ...declared.ixit, ims: { icsi: 'urn:urn-7:3gpp-service.ims.icsi.oma.cpm.session' } } };
  const ims = pctrMarkdown(input(undefined, { profile: validateSutProfile(imsDeclared, '/labs/acme/ims.json'), declared: imsDeclared }));
  const imsRows = Object.fromEntries(markdownRows(ims, '4 ').map((r) => [r[1], r[2]]));
  assert.equal(imsRows['ixit.ims'], '(the items below)');
  assert.equal(imsRows['ixit.ims.icsi'], 'urn:urn-7:3gpp-service.ims.icsi.oma.cpm.session');
  assert.equal(imsRows['ixit.ims.accessNetworkInfo'], 'no (default)');
});

test('every field a profile loads has its row, with its value', () => {
  const tls = fs.mkdtempSync(path.join(os.tmpdir(), 'pctr-tls-'));
  for (const f of ['cert.pem', 'key.pem', 'ca.pem']) fs.writeFileSync(path.join(tls, f), '');
  const full = validateSutProfile(
    { ...declared, ics: { ...declared.ics, sipIpCore: 'ims' }, ixit: { ...declared.ixit, ims: { icsi: 'urn:x', accessNetworkInfo: true } }, testBed: { port: 5060, tlsPort: 5061, tls: { certificate: 'cert.pem', key: 'key.pem', ca: 'ca.pem', clientCa: 'ca.pem' } } },
    path.join(tls, 'p.json'),
  );
  const leaves = (o: object, prefix = ''): string[] =>
    Object.entries(o).flatMap(([k, v]) => (v !== null && typeof v === 'object' && !Array.isArray(v) && k !== 'env' ? leaves(v, `${prefix}${k}.`) : v === undefined ? [] : [`${prefix}${k}`]));
  const md = pctrMarkdown(input(undefined, { profile: full, declared: undefined }));
  const shown = new Map([...markdownRows(md, '3 '), ...markdownRows(md, '4 ')].map((r) => [r[1], r[2]]));
  for (const field of leaves(full).filter((f) => f !== 'source' && f !== 'waivers')) {
    assert.ok(shown.has(field), `${field} has no row`);
    assert.doesNotMatch(shown.get(field)!, /^not set/, `${field} is set`);
  }
  assert.equal(shown.get('testBed.port'), '5060');
  assert.equal(shown.get('testBed.tls.clientCa'), path.join(tls, 'ca.pem'));
});

test('the HTML is one offline, printable page: inline CSS, A4, no script, no outside resource', () => {
  const html = pctrHtml(input());
  assert.match(html, /^<!DOCTYPE html>\n<html lang="en">/);
  assert.match(html, /<style>[\s\S]*@page \{ size: A4;[\s\S]*@media print[\s\S]*<\/style>/);
  assert.match(html, /Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"/);
  assert.doesNotMatch(html, /<script|<link|<img|<iframe|<nav|\ssrc=|\shref=|url\(|@import/);
});

test('writePctr writes pctr.md and pctr.html, reading the profile as written', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pctr-'));
  const file = path.join(dir, 'acme.json');
  fs.writeFileSync(file, JSON.stringify(declared));
  const { summary, profile: loaded, suite: identity, strict, options, started, finished } = input(undefined, { profile: validateSutProfile(declared, file) });
  const written = writePctr(dir, { summary, profile: loaded, suite: identity, strict, options, started, finished });
  assert.deepEqual(written.map((f) => path.basename(f)), ['pctr.md', 'pctr.html']);
  const md = fs.readFileSync(path.join(dir, 'pctr.md'), 'utf8');
  assert.match(md, /\| profile file \| \/.+\/acme\.json \|/, 'a profile outside the project: its absolute path');
  assert.match(md, /\| ics\.ipVersions \| 4 \(default\) \|/);
  assert.match(fs.readFileSync(path.join(dir, 'pctr.html'), 'utf8'), /<b>COMPLIANT<\/b>/);
});
