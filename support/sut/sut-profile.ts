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
  /** The client's program; `env` adds variables to the upper tester's (e.g. IM_SIP_CORE=ims). */
  process: { command: string[]; cwd?: string; env: Record<string, string> };
  ics: {
    transports: Transport[];
    sipIpCore: 'plain' | 'ims';
    answersState: boolean;
    /** Whether the client implements the MAY of RJ-08 (conference state subscription). */
    conferenceSubscription: boolean;
  };
  ixit: {
    userUri: string;
    /** The loopback address the client binds; the suite's IM Server binds another one. */
    localHost: string;
    /** How long the suite waits for the client's INVITE before the verdict is INCONC. */
    inviteTimeoutMs: number;
    /** How long the suite waits for any later request it expects (ACK, SUBSCRIBE, BYE). */
    eventTimeoutMs: number;
    /** RFC 3261 T1 the client is configured with (IM_T1_MS): the robustness timing uses it. */
    t1Ms: number;
    /** IMS settings (RJ-09), when ics.sipIpCore is "ims". */
    ims?: { icsi?: string; accessNetworkInfo: boolean };
  };
  /**
   * Sub-checks the lab waives for this client, each with the reason on record (for example a
   * release of OMA 7.1.1.1 other than the one an uncertain sub-check encodes). A waived FAIL is
   * reported as such and does not fail the requirement.
   */
  waivers: Waiver[];
  /** Where the profile was read from, for the report. */
  source: string;
}

export interface Waiver {
  /** The sub-check name, as findings and docs/requirements.md give it. */
  check: string;
  reason: string;
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
  const env = proc.env === undefined ? {} : obj(proc.env, 'process.env');
  for (const [k, v] of Object.entries(env)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) || typeof v !== 'string') fail(`process.env.${k}`, 'must be a variable name with a string value');
  }

  const ics = obj(p.ics, 'ics');
  const transports = ics.transports;
  if (!Array.isArray(transports) || transports.length === 0 || !transports.every((t) => t === 'udp' || t === 'tcp')) {
    fail('ics.transports', 'must list "udp" and/or "tcp"');
  }
  const sipIpCore = ics.sipIpCore ?? 'plain';
  if (sipIpCore !== 'plain' && sipIpCore !== 'ims') fail('ics.sipIpCore', 'must be "plain" or "ims"');
  const answersState = ics.answersState ?? false;
  if (typeof answersState !== 'boolean') fail('ics.answersState', 'must be true or false');
  const conferenceSubscription = ics.conferenceSubscription ?? false;
  if (typeof conferenceSubscription !== 'boolean') fail('ics.conferenceSubscription', 'must be true or false');

  const ixit = obj(p.ixit, 'ixit');
  const userUri = str(ixit.userUri, 'ixit.userUri');
  if (!/^sips?:[^\s]+$/i.test(userUri)) fail('ixit.userUri', `must be a SIP URI (got "${userUri}")`);
  const localHost = str(ixit.localHost, 'ixit.localHost');
  if (!isLoopback(localHost)) fail('ixit.localHost', `must be a loopback address such as 127.0.0.2 (got "${localHost}")`);
  const inviteTimeoutMs = ixit.inviteTimeoutMs ?? 5000;
  if (typeof inviteTimeoutMs !== 'number' || !(inviteTimeoutMs > 0)) fail('ixit.inviteTimeoutMs', 'must be a positive number of milliseconds');
  const eventTimeoutMs = ixit.eventTimeoutMs ?? 2000;
  if (typeof eventTimeoutMs !== 'number' || !(eventTimeoutMs > 0)) fail('ixit.eventTimeoutMs', 'must be a positive number of milliseconds');
  const t1Ms = ixit.t1Ms ?? 500;
  if (typeof t1Ms !== 'number' || !(t1Ms > 0)) fail('ixit.t1Ms', 'must be a positive number of milliseconds');
  let ims: SutProfile['ixit']['ims'];
  if (ixit.ims !== undefined) {
    const i = obj(ixit.ims, 'ixit.ims');
    const icsi = i.icsi === undefined ? undefined : str(i.icsi, 'ixit.ims.icsi');
    if (icsi !== undefined && !/^urn:/i.test(icsi)) fail('ixit.ims.icsi', `must be a URN (got "${icsi}")`);
    const accessNetworkInfo = i.accessNetworkInfo ?? false;
    if (typeof accessNetworkInfo !== 'boolean') fail('ixit.ims.accessNetworkInfo', 'must be true or false');
    ims = { icsi, accessNetworkInfo: accessNetworkInfo as boolean };
  }
  if (sipIpCore === 'ims' && !ims) ims = { accessNetworkInfo: false };

  const waivers: Waiver[] = [];
  if (p.waivers !== undefined) {
    if (!Array.isArray(p.waivers)) fail('waivers', 'must be a list of {"check", "reason"}');
    (p.waivers as unknown[]).forEach((w, i) => {
      const entry = obj(w, `waivers[${i}]`);
      waivers.push({ check: str(entry.check, `waivers[${i}].check`), reason: str(entry.reason, `waivers[${i}].reason`) });
    });
  }

  return {
    name,
    version,
    adapter: 'process',
    process: { command: command as string[], cwd, env: env as Record<string, string> },
    ics: {
      transports: transports as Transport[],
      sipIpCore: sipIpCore as 'plain' | 'ims',
      answersState: answersState as boolean,
      conferenceSubscription: conferenceSubscription as boolean,
    },
    ixit: { userUri, localHost, inviteTimeoutMs: inviteTimeoutMs as number, eventTimeoutMs: eventTimeoutMs as number, t1Ms: t1Ms as number, ims },
    waivers,
    source,
  };
}

function isLoopback(host: string): boolean {
  return (net.isIPv4(host) && host.startsWith('127.')) || host === '::1';
}
