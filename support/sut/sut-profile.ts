import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../project';
import type { Transport } from '../sip/recorded-message';

/**
 * The SUT profile: who the client under test is (name, version), how the suite drives it
 * (adapter), what it declares it can do (ICS) and the parameters a test needs (IXIT).
 */
export interface SutProfile {
  name: string;
  version: string;
  adapter: 'process';
  process: { command: string[]; cwd?: string };
  ics: {
    transports: Transport[];
    sipIpCore: 'plain' | 'ims';
    answersState: boolean;
  };
  ixit: {
    userUri: string;
    /** The loopback address the client binds; the suite's IM Server binds another one. */
    localHost: string;
    /** How long the suite waits for the client's INVITE before the verdict is INCONC. */
    inviteTimeoutMs: number;
  };
  /** Where the profile was read from, for the report. */
  source: string;
}

export const DEFAULT_PROFILE = path.join(PROJECT_ROOT, 'suts', 'reference.json');

export class SutProfileError extends Error {
  constructor(source: string, field: string, problem: string) {
    super(`SUT profile ${source}: field "${field}" ${problem}`);
    this.name = 'SutProfileError';
  }
}

/** The profile named by SUT_PROFILE, or the reference client's; validated, with defaults. */
export function loadSutProfile(file = process.env.SUT_PROFILE || DEFAULT_PROFILE): SutProfile {
  const source = path.resolve(file);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(source, 'utf8'));
  } catch (e) {
    throw new SutProfileError(source, '(file)', `cannot be read as JSON: ${(e as Error).message}`);
  }
  return validateSutProfile(raw, source);
}

export function validateSutProfile(raw: unknown, source: string): SutProfile {
  const fail = (field: string, problem: string): never => {
    throw new SutProfileError(source, field, problem);
  };
  const obj = (v: unknown, field: string): Record<string, unknown> =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : fail(field, 'must be an object');
  const str = (v: unknown, field: string): string => (typeof v === 'string' && v.length > 0 ? v : fail(field, 'must be a non-empty string'));

  const p = obj(raw, '(root)');
  const name = str(p.name, 'name');
  const version = str(p.version, 'version');
  if (p.adapter !== 'process') fail('adapter', `must be "process" (got ${JSON.stringify(p.adapter)})`);
  const proc = obj(p.process, 'process');
  const command = proc.command;
  if (!Array.isArray(command) || command.length === 0 || !command.every((c) => typeof c === 'string' && c.length > 0)) {
    fail('process.command', 'must be a non-empty array of strings (program and arguments)');
  }
  const cwd = proc.cwd === undefined ? undefined : str(proc.cwd, 'process.cwd');

  const ics = obj(p.ics, 'ics');
  const transports = ics.transports;
  if (!Array.isArray(transports) || transports.length === 0 || !transports.every((t) => t === 'udp' || t === 'tcp')) {
    fail('ics.transports', 'must list "udp" and/or "tcp"');
  }
  const sipIpCore = ics.sipIpCore ?? 'plain';
  if (sipIpCore !== 'plain' && sipIpCore !== 'ims') fail('ics.sipIpCore', 'must be "plain" or "ims"');
  const answersState = ics.answersState ?? false;
  if (typeof answersState !== 'boolean') fail('ics.answersState', 'must be true or false');

  const ixit = obj(p.ixit, 'ixit');
  const userUri = str(ixit.userUri, 'ixit.userUri');
  if (!/^sips?:[^\s]+$/i.test(userUri)) fail('ixit.userUri', `must be a SIP URI (got "${userUri}")`);
  const localHost = str(ixit.localHost, 'ixit.localHost');
  if (!isLoopback(localHost)) fail('ixit.localHost', `must be a loopback address such as 127.0.0.2 (got "${localHost}")`);
  const inviteTimeoutMs = ixit.inviteTimeoutMs ?? 5000;
  if (typeof inviteTimeoutMs !== 'number' || !(inviteTimeoutMs > 0)) fail('ixit.inviteTimeoutMs', 'must be a positive number of milliseconds');

  return {
    name,
    version,
    adapter: 'process',
    process: { command: command as string[], cwd },
    ics: { transports: transports as Transport[], sipIpCore: sipIpCore as 'plain' | 'ims', answersState: answersState as boolean },
    ixit: { userUri, localHost, inviteTimeoutMs: inviteTimeoutMs as number },
    source,
  };
}

function isLoopback(host: string): boolean {
  return (net.isIPv4(host) && host.startsWith('127.')) || host === '::1';
}
