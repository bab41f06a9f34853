/**
 * npm run docs:proforma
 *
 * Writes docs/proforma.md, the ICS and IXIT proforma a client's supplier fills in, from the SUT
 * profile's schema (suts/sut-profile.schema.json): one row per field, numbered in the schema's
 * order, with its description, allowed values, unit, range and default, and an empty value
 * column, laid out as the ICS/IXIT appendices of OMA ETS and ETSI PICS/PIXIT proformas are.
 * test/docs/proforma-doc.test.ts fails when the committed file differs from what this writes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../support/project';
import { profileSchema, SCHEMA_FILE, type JsonSchema } from '../support/sut/profile-schema';
import { FORMAT_NOUNS } from '../support/sut/schema-error';

export const DOC = 'docs/proforma.md';

/** One proforma row: a field of the profile and what the schema says of it. */
export interface ProformaRow {
  item: string;
  field: string;
  description: string;
  /** The type in words, or the values allowed. */
  allowed: string;
  unit: string;
  range: string;
  /** The default, or when the field is required. */
  default: string;
}

/** Fields that are not the supplier's to fill in: the editor's hint and the lab's own decisions. */
const NOT_SUPPLIED = new Set(['$schema', 'waivers']);

const code = (value: unknown): string => `\`${JSON.stringify(value)}\``;
const cell = (s: string): string => s.replace(/\|/g, '\\|');

function allowedOf(s: JsonSchema): string {
  if (s.enum) return `one of ${s.enum.map(code).join(', ')}`;
  switch (s.type) {
    case 'boolean':
      return 'yes / no';
    case 'string':
      return s.format ? (FORMAT_NOUNS[s.format] ?? s.format).replace(/^an? /, '') : 'text';
    case 'integer':
      return 'whole number';
    case 'number':
      return 'number';
    case 'array':
      if (s.items?.enum) return `${s.minItems ? 'one or more' : 'any'} of ${s.items.enum.map(code).join(', ')}`;
      return `list of ${s.items ? allowedOf(s.items) : 'values'}`;
    case 'object':
      return s.properties ? 'the items below' : 'variables: name → text';
  }
  return 'any';
}

function rangeOf(s: JsonSchema): string {
  if (s.minimum !== undefined && s.maximum !== undefined) return `${s.minimum} to ${s.maximum}`;
  if (s.exclusiveMinimum !== undefined) return `> ${s.exclusiveMinimum}`;
  if (s.minimum !== undefined) return `≥ ${s.minimum}`;
  return '';
}

function defaultOf(s: JsonSchema, requiredWhen: string | undefined): string {
  if (requiredWhen !== undefined) return requiredWhen;
  if (s.default !== undefined) return typeof s.default === 'boolean' ? (s.default ? 'yes' : 'no') : code(s.default);
  return s['x-default'] ?? '—';
}

/**
 * When each field is required, by its path: "required" under a parent that is there, "required
 * with testBed.tls" under an optional group, "required with adapter "process"" from the
 * schema's `if adapter is … then required …`.
 */
function requiredWhen(schema: JsonSchema): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (s: JsonSchema, at: string, condition: string): void => {
    for (const [name, sub] of Object.entries(s.properties ?? {})) {
      const here = at ? `${at}.${name}` : name;
      if (s.required?.includes(name)) out.set(here, condition);
      walk(sub, here, s.required?.includes(name) ? condition : `required with ${here}`);
    }
  };
  walk(schema, '', 'required');
  for (const { if: when, then } of schema.allOf ?? []) {
    const adapter = when?.properties?.adapter?.const;
    const condition = `required with adapter ${code(adapter)}`;
    for (const name of then?.required ?? []) out.set(name, condition);
    for (const [name, sub] of Object.entries(then?.properties ?? {})) for (const inner of sub.required ?? []) out.set(`${name}.${inner}`, condition);
  }
  return out;
}

/**
 * The rows in the schema's order, `ics.*` the ICS, every other field the IXIT. A group of fields
 * is a row of its own when leaving it out means something (its `x-default`: the test bed's
 * TLS, the IMS settings); a deprecated field is not offered.
 */
export function proformaRows(schema: JsonSchema): { ics: ProformaRow[]; ixit: ProformaRow[] } {
  const required = requiredWhen(schema);
  const ics: ProformaRow[] = [];
  const ixit: ProformaRow[] = [];
  const walk = (s: JsonSchema, at: string): void => {
    for (const [name, sub] of Object.entries(s.properties ?? {})) {
      const field = at ? `${at}.${name}` : name;
      if (NOT_SUPPLIED.has(field) || sub.deprecated) continue;
      const table = field.startsWith('ics.') ? ics : ixit;
      if (!sub.properties || sub['x-default'] !== undefined) {
        table.push({
          item: `${table === ics ? 'ICS' : 'IXIT'}-${table.length + 1}`,
          field,
          description: sub.description ?? '',
          allowed: allowedOf(sub),
          unit: sub['x-unit'] ?? '',
          range: rangeOf(sub),
          default: defaultOf(sub, required.get(field)),
        });
      }
      walk(sub, field);
    }
  };
  walk(schema, '');
  return { ics, ixit };
}

const table = (header: string[], rows: string[][]): string =>
  [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');

/** docs/proforma.md, whole: a short guide and the two tables. */
export function proformaDoc(schema: JsonSchema): string {
  const { ics, ixit } = proformaRows(schema);
  const schemaPath = path.relative(PROJECT_ROOT, SCHEMA_FILE);
  return `# ICS and IXIT proforma: the SUT profile to fill in

<!-- written by \`npm run docs:proforma\` from ${schemaPath}; edit the schema, not this file -->

The supplier of the IM Client under test states what the client supports (the **ICS**,
Implementation Conformance Statement) and the parameters the tests need (the **IXIT**,
Implementation eXtra Information for Testing) by filling in the **value** column below. The lab
then writes those values into the client's SUT profile (\`suts/<client>.json\`, starting with
\`"$schema": "./sut-profile.schema.json"\`), where each item is the JSON field of the
**field** column; an editor that reads the \`$schema\` checks and completes the profile as it
is typed, and the suite refuses a profile that breaks a rule of the schema, naming the field
(docs/adapters.md says more of each field and adapter).

- The items are numbered in the order of the fields in \`${schemaPath}\`.
- **yes / no** is \`true\` / \`false\` in the profile. A value left empty takes the default.
- **required with …** is required only with that adapter or inside that group.
- A scenario that needs what the ICS does not declare is N/A, with the reason.
- \`waivers\` are not part of the proforma: they are the lab's decision, with a reason, after
  a run (docs/requirements.md).

## ICS: what the client supports

${table(
  ['item', 'field', 'description', 'supported (allowed values)', 'default', 'value'],
  ics.map((r) => [r.item, `\`${r.field}\``, r.description, r.allowed, r.default, '']),
)}

## IXIT: the parameters for testing

${table(
  ['item', 'field', 'description', 'type / allowed values', 'unit', 'range', 'default', 'value'],
  ixit.map((r) => [r.item, `\`${r.field}\``, r.description, r.allowed, r.unit, r.range, r.default, '']),
)}
`;
}

function main(): number {
  const file = path.join(PROJECT_ROOT, DOC);
  const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  const after = proformaDoc(profileSchema().schema);
  if (after === before) {
    console.log(`${DOC}: up to date`);
  } else {
    fs.writeFileSync(file, after);
    console.log(`${DOC}: written from ${path.relative(PROJECT_ROOT, SCHEMA_FILE)}`);
  }
  return 0;
}

if (require.main === module) process.exitCode = main();
