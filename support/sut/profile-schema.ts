import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { PROJECT_ROOT } from '../project';

/**
 * suts/sut-profile.schema.json: the SUT profile's fields, types, ranges and defaults in one
 * place, read by the loader (support/sut/sut-profile.ts), by an editor (a profile's `$schema`)
 * and by the proforma (scripts/proforma-doc.ts).
 */
export const SCHEMA_FILE = path.join(PROJECT_ROOT, 'suts', 'sut-profile.schema.json');

/** The parts of a JSON Schema this project's schema uses (draft-07). */
export interface JsonSchema {
  $schema?: string;
  $id?: string;
  title?: string;
  description?: string;
  type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean';
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  deprecated?: boolean;
  format?: string;
  pattern?: string;
  minLength?: number;
  minItems?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  required?: string[];
  properties?: Record<string, JsonSchema>;
  propertyNames?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  dependencies?: Record<string, string[]>;
  items?: JsonSchema;
  allOf?: Array<{ if?: JsonSchema; then?: JsonSchema }>;
  /** Annotation: the unit of a number, e.g. "ms". */
  'x-unit'?: string;
  /** Annotation: a default the suite works out at run time ("a free port"), in words. */
  'x-default'?: string;
}

/** The annotation keywords the schema adds to JSON Schema; declared to ajv so strict mode knows them. */
export const ANNOTATIONS = ['x-unit', 'x-default'] as const;

/**
 * The formats the schema names, checked as the hand-written loader checked them (node:net, not
 * ajv-formats, whose IPv6 and regex rules differ: `new RegExp(s, "u")` refuses `\-`).
 */
const FORMATS: Record<string, (s: string) => boolean> = {
  ip: (s) => net.isIP(s) !== 0,
  ipv6: (s) => net.isIPv6(s),
  'sip-uri': (s) => /^sips?:[^\s]+$/i.test(s),
  urn: (s) => /^urn:/i.test(s),
  regex: (s) => regexError(s) === undefined,
};

/** Why `s` is no JavaScript regular expression, or undefined when it is one. */
export function regexError(s: string): string | undefined {
  try {
    new RegExp(s);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** A profile as the schema leaves it: valid, and with the schema's defaults filled in. */
export interface ProfileJson {
  name: string;
  version: string;
  adapter: 'process' | 'command' | 'manual';
  process?: { command?: string[]; cwd?: string; reuse: boolean; env?: Record<string, string> };
  command?: { start?: string; readyPattern?: string; rejoin?: string; leave?: string; stop?: string; cwd?: string };
  env?: Record<string, string>;
  interop: boolean;
  testBed: { host: string; port?: number; tlsPort?: number; host6: string; tls?: { certificate: string; key: string; ca: string; clientCa?: string } };
  ics: { transports: Array<'udp' | 'tcp' | 'tls'>; ipVersions: Array<'4' | '6'>; tlsClientCertificate: boolean; sipIpCore: 'plain' | 'ims'; answersState: boolean; conferenceSubscription: boolean };
  ixit: { userUri: string; localHost: string; localHost6: string; inviteTimeoutMs: number; eventTimeoutMs: number; t1Ms: number; ims?: { icsi?: string; accessNetworkInfo: boolean } };
  /** Structure only: the catalogue of sub-checks judges the names (support/waivers.ts). */
  waivers: unknown[];
}

let compiled: { schema: JsonSchema; validate: ValidateFunction<ProfileJson> } | undefined;

/** The schema and its validator, compiled once. Strict: a misspelled keyword in the schema throws here. */
export function profileSchema(): { schema: JsonSchema; validate: ValidateFunction<ProfileJson> } {
  if (compiled) return compiled;
  const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')) as JsonSchema;
  // useDefaults writes the schema's defaults into the data: one place says what a default is.
  // verbose keeps each error's data, for the "(got …)" of the message. strictRequired is off
  // because the adapter's block requires its command in an `if`/`then` whose properties are
  // declared at the top level, which that rule cannot see.
  const ajv = new Ajv({ strict: true, strictRequired: false, useDefaults: true, verbose: true, allErrors: false });
  for (const keyword of ANNOTATIONS) ajv.addKeyword({ keyword, schemaType: 'string' });
  for (const [name, validate] of Object.entries(FORMATS)) ajv.addFormat(name, { type: 'string', validate });
  compiled = { schema, validate: ajv.compile<ProfileJson>(schema) };
  return compiled;
}

/**
 * `raw` checked against the schema, on a copy (the defaults go into the copy): the profile with
 * its defaults, or the first error ajv met.
 */
export function checkProfile(raw: unknown): { data: ProfileJson; error?: undefined } | { data?: undefined; error: ErrorObject } {
  const { validate } = profileSchema();
  const data = structuredClone(raw);
  if (validate(data)) return { data };
  // An `if` error only says its `then` failed; the error before it says how.
  const error = validate.errors?.find((e) => e.keyword !== 'if');
  if (!error) throw new Error(`${SCHEMA_FILE}: ajv refused the profile without saying why`);
  return { error };
}
