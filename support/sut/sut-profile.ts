import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../project';
import type { IpVersion, Transport } from '../sip/recorded-message';
import type { CommandSettings } from './command-adapter';
import { parseWaivers, type Waiver } from '../waivers';

export type { Waiver } from '../waivers';

/**
 * The SUT profile: who the client under test is (name, version), how the suite drives it
 * (adapter), what it declares it can do (ICS) and the parameters a test needs (IXIT).
 */
export interface SutProfile {
  name: string;
  version: string;
  /** process: upper-tester JSON lines on stdio; command: shell commands; manual: an operator. */
  adapter: 'process' | 'command' | 'manual';
  /** adapter "process": the client's program and arguments. */
  process?: { command: string[]; cwd?: string; reuse: boolean };
  /** adapter "command": the shell command templates (docs/adapters.md). */
  command?: CommandSettings;
  /** Variables added to the upper tester's for the client (e.g. IM_SIP_CORE=ims). */
  env: Record<string, string>;
  /**
   * Where the suite's SIP/IP Core listens: 127.0.0.1 on a free port by default. A fixed port lets
   * an operator configure a client once (adapter "manual"); a host off loopback needs `interop`.
   */
  testBed: {
    host: string;
    port?: number;
    /** The SIP over TLS port, fixed like `port` (a free one by default). */
    tlsPort?: number;
    /** The test bed's IPv6 address, for the IPv6 scenarios: ::1 by default. */
    host6: string;
    /**
     * The lab's own TLS certificate and key for the test bed, and the CA the client is told to
     * trust (IM_TLS_CA), as file paths (relative to the profile); `clientCa`, the CA(s) a client
     * certificate must chain to when that is not `ca` (mutual TLS). Absent: a throwaway CA per run.
     */
    tls?: { certificate: string; key: string; ca: string; clientCa?: string };
  };
  /** Explicit opt-in to addresses off loopback, for a client on a real device (printed at start). */
  interop: boolean;
  ics: {
    /** udp, tcp, tls (SIP over TLS, RFC 3261 26; MSRP over TLS with it, RFC 4975 14). */
    transports: Transport[];
    /** The IP versions the client runs on: ["4"], ["6"] or both. */
    ipVersions: IpVersion[];
    /** Whether the client presents a certificate over TLS (mutual TLS): the test bed asks for one. */
    tlsClientCertificate: boolean;
    sipIpCore: 'plain' | 'ims';
    answersState: boolean;
    /** Whether the client implements the MAY of RJ-08 (conference state subscription). */
    conferenceSubscription: boolean;
  };
  ixit: {
    userUri: string;
    /** The loopback address the client binds; the suite's IM Server binds another one. */
    localHost: string;
    /**
     * The client's IPv6 address, for the IPv6 scenarios: ::1 by default. IPv6 has one loopback
     * address, so the client and the test bed share it there and differ by port.
     */
    localHost6: string;
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
   * Sub-checks the lab waives for this client, each a (requirement, sub-check) of the catalogue
   * of sub-checks with the reason on record (for example a release of OMA 7.1.1.1 other than the
   * one an uncertain sub-check encodes). A waived FAIL is reported as such and does not fail the
   * requirement (support/waivers.ts).
   */
  waivers: Waiver[];
  /** Where the profile was read from, for the report. */
  source: string;
}

/**
 * A feature's `@ics:<name>` tags, each the ICS field whose declaration its scenarios depend on
 * and whether a profile declares it: the one place the names map to fields (the feature lint,
 * test/features/feature-lint.ts, refuses a name that is not here).
 */
export const ICS_TAGS: Readonly<Record<string, { field: keyof SutProfile['ics']; declared: (ics: SutProfile['ics']) => boolean }>> = {
  'conference-subscription': { field: 'conferenceSubscription', declared: (ics) => ics.conferenceSubscription },
  ims: { field: 'sipIpCore', declared: (ics) => ics.sipIpCore === 'ims' },
};

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
  const adapter = p.adapter;
  if (adapter !== 'process' && adapter !== 'command' && adapter !== 'manual') {
    fail('adapter', `must be "process", "command" or "manual" (got ${JSON.stringify(p.adapter)})`);
  }
  let processSettings: SutProfile['process'];
  if (adapter === 'process') {
    const proc = obj(p.process, 'process');
    const command = proc.command;
    if (!Array.isArray(command) || command.length === 0 || !command.every((c) => typeof c === 'string' && c.length > 0)) {
      fail('process.command', 'must be a non-empty array of strings (program and arguments)');
    }
    // reuse: one process for the run, `reset` between scenarios (docs/upper-tester.md).
    if (proc.reuse !== undefined && typeof proc.reuse !== 'boolean') fail('process.reuse', 'must be true or false');
    processSettings = { command: command as string[], cwd: proc.cwd === undefined ? undefined : str(proc.cwd, 'process.cwd'), reuse: proc.reuse === true };
  }
  let commandSettings: CommandSettings | undefined;
  if (adapter === 'command') {
    const c = obj(p.command, 'command');
    const optional = (key: string): string | undefined => (c[key] === undefined ? undefined : str(c[key], `command.${key}`));
    commandSettings = {
      rejoin: str(c.rejoin, 'command.rejoin'),
      start: optional('start'),
      readyPattern: optional('readyPattern'),
      leave: optional('leave'),
      stop: optional('stop'),
      cwd: optional('cwd'),
    };
    if (commandSettings.readyPattern !== undefined) {
      if (!commandSettings.start) fail('command.readyPattern', 'needs command.start: it is what the start command prints when ready');
      try {
        new RegExp(commandSettings.readyPattern);
      } catch (e) {
        fail('command.readyPattern', `is not a regular expression: ${(e as Error).message}`);
      }
    }
  }
  // `process.env` is where earlier profiles put it; `env` works for every adapter.
  const legacyEnv = p.process !== undefined && typeof p.process === 'object' ? (p.process as Record<string, unknown>).env : undefined;
  const envField = p.env !== undefined ? 'env' : 'process.env';
  const env = obj(p.env ?? legacyEnv ?? {}, envField);
  for (const [k, v] of Object.entries(env)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) || typeof v !== 'string') fail(`${envField}.${k}`, 'must be a variable name with a string value');
  }
  const interop = p.interop ?? false;
  if (typeof interop !== 'boolean') fail('interop', 'must be true or false');
  const bed = p.testBed === undefined ? {} : obj(p.testBed, 'testBed');
  const bedHost = bed.host === undefined ? '127.0.0.1' : str(bed.host, 'testBed.host');
  if (!net.isIP(bedHost)) fail('testBed.host', `must be an IP address (got "${bedHost}")`);
  if (!interop && !isLoopback(bedHost)) fail('testBed.host', `is off loopback (${bedHost}): set "interop": true to allow it`);
  const bedPort = bed.port;
  if (bedPort !== undefined && (typeof bedPort !== 'number' || !Number.isInteger(bedPort) || bedPort < 1 || bedPort > 65535)) {
    fail('testBed.port', 'must be a port number from 1 to 65535');
  }
  const bedTlsPort = bed.tlsPort;
  if (bedTlsPort !== undefined && (typeof bedTlsPort !== 'number' || !Number.isInteger(bedTlsPort) || bedTlsPort < 1 || bedTlsPort > 65535)) {
    fail('testBed.tlsPort', 'must be a port number from 1 to 65535');
  }
  if (bedTlsPort !== undefined && bedTlsPort === bedPort) fail('testBed.tlsPort', `must differ from testBed.port (${String(bedPort)}): TCP and TLS cannot share a port`);
  const bedHost6 = bed.host6 === undefined ? '::1' : str(bed.host6, 'testBed.host6');
  if (!net.isIPv6(bedHost6)) fail('testBed.host6', `must be an IPv6 address (got "${bedHost6}")`);
  if (!interop && !isLoopback(bedHost6)) fail('testBed.host6', `is off loopback (${bedHost6}): set "interop": true to allow it`);
  let bedTls: SutProfile['testBed']['tls'];
  if (bed.tls !== undefined) {
    const t = obj(bed.tls, 'testBed.tls');
    const file = (key: string): string => {
      const f = path.resolve(path.dirname(source), str(t[key], `testBed.tls.${key}`));
      if (!fs.existsSync(f)) fail(`testBed.tls.${key}`, `names a file that does not exist (${f})`);
      return f;
    };
    bedTls = { certificate: file('certificate'), key: file('key'), ca: file('ca'), ...(t.clientCa !== undefined ? { clientCa: file('clientCa') } : {}) };
  }

  const ics = obj(p.ics, 'ics');
  const transports = ics.transports;
  if (!Array.isArray(transports) || transports.length === 0 || !transports.every((t) => t === 'udp' || t === 'tcp' || t === 'tls')) {
    fail('ics.transports', 'must list one or more of "udp", "tcp" and "tls"');
  }
  const ipVersions = ics.ipVersions ?? ['4'];
  if (!Array.isArray(ipVersions) || ipVersions.length === 0 || !ipVersions.every((v) => v === '4' || v === '6')) {
    fail('ics.ipVersions', 'must list "4" and/or "6" (strings)');
  }
  const tlsClientCertificate = ics.tlsClientCertificate ?? false;
  if (typeof tlsClientCertificate !== 'boolean') fail('ics.tlsClientCertificate', 'must be true or false');
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
  if (!interop && !isLoopback(localHost)) fail('ixit.localHost', `must be a loopback address such as 127.0.0.2 (got "${localHost}"), or set "interop": true`);
  if (localHost === bedHost) fail('ixit.localHost', `must differ from the suite's address ${bedHost} (testBed.host)`);
  const localHost6 = ixit.localHost6 === undefined ? '::1' : str(ixit.localHost6, 'ixit.localHost6');
  if (!net.isIPv6(localHost6)) fail('ixit.localHost6', `must be an IPv6 address (got "${localHost6}")`);
  if (!interop && !isLoopback(localHost6)) fail('ixit.localHost6', `must be a loopback address (::1) (got "${localHost6}"), or set "interop": true`);
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

  // Each waiver names a (requirement, sub-check) of support/checks/sub-checks.ts: an unknown one stops the run.
  const waivers = parseWaivers(p.waivers, fail);

  return {
    name,
    version,
    adapter: adapter as SutProfile['adapter'],
    process: processSettings,
    command: commandSettings,
    env: env as Record<string, string>,
    testBed: { host: bedHost, port: bedPort as number | undefined, ...(bedTlsPort !== undefined ? { tlsPort: bedTlsPort as number } : {}), host6: bedHost6, ...(bedTls ? { tls: bedTls } : {}) },
    interop: interop as boolean,
    ics: {
      transports: transports as Transport[],
      ipVersions: ipVersions as IpVersion[],
      tlsClientCertificate: tlsClientCertificate as boolean,
      sipIpCore: sipIpCore as 'plain' | 'ims',
      answersState: answersState as boolean,
      conferenceSubscription: conferenceSubscription as boolean,
    },
    ixit: { userUri, localHost, localHost6, inviteTimeoutMs: inviteTimeoutMs as number, eventTimeoutMs: eventTimeoutMs as number, t1Ms: t1Ms as number, ims },
    waivers,
    source,
  };
}

function isLoopback(host: string): boolean {
  return (net.isIPv4(host) && host.startsWith('127.')) || host === '::1';
}
