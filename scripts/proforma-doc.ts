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
import { proformaRows } from '../support/sut/proforma-rows';

export { proformaRows, type ProformaRow } from '../support/sut/proforma-rows';

export const DOC = 'docs/proforma.md';

const cell = (s: string): string => s.replace(/\|/g, '\\|');

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
