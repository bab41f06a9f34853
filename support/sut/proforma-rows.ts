import type { JsonSchema } from './profile-schema';
import { FORMAT_NOUNS } from './schema-error';

/**
 * The ICS and IXIT proforma's rows, from the SUT profile's schema: docs/proforma.md
 * (scripts/proforma-doc.ts) and the conformance test report (support/report/pctr.ts) number and
 * describe the items alike.
 */

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
