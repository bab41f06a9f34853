import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { PROJECT_ROOT } from '../../support/project';
import { profileSchema, type JsonSchema } from '../../support/sut/profile-schema';
import { DOC, proformaDoc, proformaRows } from '../../scripts/proforma-doc';

/** docs/proforma.md is what scripts/proforma-doc.ts writes from suts/sut-profile.schema.json. */
const { schema } = profileSchema();

test(`${DOC} is the proforma the schema gives`, () => {
  const committed = fs.readFileSync(path.join(PROJECT_ROOT, DOC), 'utf8');
  assert.ok(committed === proformaDoc(schema), `${DOC} has drifted from suts/sut-profile.schema.json: run \`npm run docs:proforma\` and commit the result`);
});

test('the ICS has a row per ics field, in the schema order, numbered ICS-1, ICS-2, …', () => {
  const { ics } = proformaRows(schema);
  assert.deepEqual(
    ics.map((r) => r.field),
    Object.keys(schema.properties!.ics!.properties!).map((f) => `ics.${f}`),
  );
  assert.deepEqual(
    ics.map((r) => r.item),
    ics.map((_, i) => `ICS-${i + 1}`),
  );
});

test("the IXIT has a row per other field the supplier gives, not the editor's $schema, the lab's waivers or a deprecated field", () => {
  const fields = proformaRows(schema).ixit.map((r) => r.field);
  for (const f of ['name', 'adapter', 'process.command', 'command.rejoin', 'env', 'interop', 'testBed.port', 'testBed.tls', 'testBed.tls.key', 'ixit.userUri', 'ixit.t1Ms', 'ixit.ims', 'ixit.ims.icsi']) assert.ok(fields.includes(f), f);
  for (const f of ['$schema', 'waivers', 'process.env', 'ics.transports', 'testBed', 'ixit', 'process']) assert.ok(!fields.includes(f), f);
  assert.equal(new Set(fields).size, fields.length, 'each field once');
});

test('a row says the type or values, unit, range and default, and when it is required', () => {
  const mini: JsonSchema = {
    type: 'object',
    required: ['ics', 'ixit'],
    properties: {
      adapter: { description: 'how', enum: ['process', 'command'] },
      process: { description: 'p', type: 'object', properties: { command: { description: 'c', type: 'array', items: { type: 'string' } } } },
      ics: { description: 'i', type: 'object', required: ['transports'], properties: { transports: { description: 't', type: 'array', minItems: 1, items: { enum: ['udp', 'tcp'] } }, fast: { description: 'f', type: 'boolean', default: false } } },
      ixit: { description: 'x', type: 'object', properties: { waitMs: { description: 'w', type: 'number', exclusiveMinimum: 0, default: 5000, 'x-unit': 'ms' }, port: { description: 'p', type: 'integer', minimum: 1, maximum: 65535, 'x-default': 'a free port' } } },
    },
    allOf: [{ if: { properties: { adapter: { const: 'process' } } }, then: { required: ['process'], properties: { process: { required: ['command'] } } } }],
  };
  const { ics, ixit } = proformaRows(mini);
  assert.deepEqual(ics, [
    { item: 'ICS-1', field: 'ics.transports', description: 't', allowed: 'one or more of `"udp"`, `"tcp"`', unit: '', range: '', default: 'required' },
    { item: 'ICS-2', field: 'ics.fast', description: 'f', allowed: 'yes / no', unit: '', range: '', default: 'no' },
  ]);
  assert.deepEqual(ixit, [
    { item: 'IXIT-1', field: 'adapter', description: 'how', allowed: 'one of `"process"`, `"command"`', unit: '', range: '', default: '—' },
    { item: 'IXIT-2', field: 'process.command', description: 'c', allowed: 'list of text', unit: '', range: '', default: 'required with adapter `"process"`' },
    { item: 'IXIT-3', field: 'ixit.waitMs', description: 'w', allowed: 'number', unit: 'ms', range: '> 0', default: '`5000`' },
    { item: 'IXIT-4', field: 'ixit.port', description: 'p', allowed: 'whole number', unit: '', range: '1 to 65535', default: 'a free port' },
  ]);
});

test('every row of the tables ends in an empty value column for the supplier, and a | in a description cannot break a row', () => {
  const rows = proformaDoc(schema)
    .split('\n')
    .filter((l) => /^\| (ICS|IXIT)-\d+ \|/.test(l));
  assert.ok(rows.length >= 30, `${rows.length} rows`);
  for (const r of rows) {
    assert.ok(r.endsWith(' |  |'), r);
    assert.equal(r.replace(/\\\|/g, '').split(' | ').length, r.startsWith('| ICS-') ? 6 : 8, r);
  }
  const piped = proformaDoc({ properties: { ics: { properties: { a: { description: 'x | y', type: 'boolean' } } } } });
  assert.match(piped, /\| ICS-1 \| `ics\.a` \| x \\\| y \|/);
});
