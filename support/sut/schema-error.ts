import type { ErrorObject } from 'ajv';
import type { JsonSchema } from './profile-schema';
import { regexError } from './profile-schema';

/**
 * An ajv error as the SUT profile's one-line message has always put it: the field's path as a
 * profile writes it (`ixit.t1Ms`, `waivers[0].check`) and what the field must be, in words, from
 * the field's own schema (so a missing field and a wrong one read alike), with the value seen.
 */
export function schemaProblem(error: ErrorObject, root: JsonSchema): { field: string; problem: string } {
  const at = pointerSegments(error.instancePath);
  switch (error.keyword) {
    case 'required': {
      const missing = String(error.params.missingProperty);
      return { field: fieldOf([...at, missing]), problem: mustBe(schemaAt(root, [...at, missing])) };
    }
    case 'dependencies':
      return { field: fieldOf([...at, String(error.params.property)]), problem: `needs ${fieldOf([...at, String(error.params.missingProperty)])} as well` };
    case 'pattern':
      // A name of a map (`env`) that is not a variable name: ajv reports it on the map, naming the key.
      if (error.propertyName !== undefined) return { field: fieldOf([...at, error.propertyName]), problem: `is not a variable name (letters, digits and _, not starting with a digit)` };
      break;
  }
  // An item of a list of plain values (`ics.transports`): the list is the field a writer knows.
  const parent = schemaAt(root, at.slice(0, -1));
  const lifted = /^\d+$/.test(at[at.length - 1] ?? '') && parent?.type === 'array' && parent.items?.type !== 'object';
  const path = lifted ? at.slice(0, -1) : at;
  const schema = schemaAt(root, path);
  // What was seen: the regular expression's own complaint, the list's bad item, or the value.
  const shown =
    error.keyword === 'format' && error.params.format === 'regex' ? `: ${regexError(String(error.data))}` : lifted ? ` (the list has ${JSON.stringify(error.data)})` : seen(error.data);
  return { field: fieldOf(path), problem: `${mustBe(schema)}${shown}` };
}

/** "/waivers/0/check" → ["waivers", "0", "check"] (RFC 6901 escapes undone). */
function pointerSegments(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** ["waivers", "0", "check"] → "waivers[0].check"; the whole profile is "(root)". */
function fieldOf(segments: readonly string[]): string {
  if (segments.length === 0) return '(root)';
  return segments.reduce((out, s, i) => (/^\d+$/.test(s) ? `${out}[${s}]` : i === 0 ? s : `${out}.${s}`), '');
}

/** The schema of the value at `segments`, through properties, a map's values and list items. */
function schemaAt(root: JsonSchema, segments: readonly string[]): JsonSchema | undefined {
  let schema: JsonSchema | undefined = root;
  for (const s of segments) {
    if (!schema) return undefined;
    if (schema.type === 'array') schema = schema.items;
    else schema = schema.properties?.[s] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
  }
  return schema;
}

/** What each format of the schema is, in words. */
export const FORMAT_NOUNS: Record<string, string> = {
  ip: 'an IP address',
  ipv6: 'an IPv6 address',
  'sip-uri': 'a SIP URI',
  urn: 'a URN',
  regex: 'a regular expression',
};
const UNIT_WORDS: Record<string, string> = { ms: 'milliseconds' };

const quoted = (values: readonly unknown[], last: string): string => {
  const q = values.map((v) => JSON.stringify(v));
  return q.length <= 1 ? q.join('') : `${q.slice(0, -1).join(', ')} ${last} ${q[q.length - 1]}`;
};

/** What a value of `schema` must be, as the message's predicate ("must be a positive number of milliseconds"). */
export function mustBe(schema: JsonSchema | undefined): string {
  if (!schema) return 'is not allowed here';
  if (schema.enum) return `must be ${quoted(schema.enum, 'or')}`;
  const unit = schema['x-unit'] ? ` of ${UNIT_WORDS[schema['x-unit']] ?? schema['x-unit']}` : '';
  switch (schema.type) {
    case 'string':
      if (schema.format) return `must be ${FORMAT_NOUNS[schema.format] ?? `a string of the format "${schema.format}"`}`;
      if (schema.pattern) return `must be a string that matches /${schema.pattern}/`;
      return schema.minLength ? 'must be a non-empty string' : 'must be a string';
    case 'boolean':
      return 'must be true or false';
    case 'integer':
    case 'number': {
      const noun = schema.type === 'integer' ? 'whole number' : 'number';
      if (schema.minimum !== undefined && schema.maximum !== undefined) return `must be a ${noun}${unit} from ${schema.minimum} to ${schema.maximum}`;
      if (schema.exclusiveMinimum === 0) return `must be a positive ${noun}${unit}`;
      return `must be a ${noun}${unit}`;
    }
    case 'object':
      return 'must be an object';
    case 'array': {
      const some = schema.minItems ? 'one or more' : 'any';
      if (schema.items?.enum) return `must list ${some} of ${quoted(schema.items.enum, 'and')}`;
      if (schema.items?.type === 'string') return `must be a ${schema.minItems ? 'non-empty ' : ''}list of ${schema.items.minLength ? 'non-empty ' : ''}strings`;
      return 'must be a list';
    }
  }
  return 'is not allowed here';
}

/** " (got …)" for a value short enough to show; nothing for a missing one. */
function seen(value: unknown): string {
  if (value === undefined) return '';
  const text = JSON.stringify(value);
  return text.length <= 60 ? ` (got ${text})` : '';
}
