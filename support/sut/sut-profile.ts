import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { inProject, PROJECT_ROOT, runDir } from '../project';
import type { IpVersion, Transport } from '../sip/recorded-message';
import type { CommandSettings } from './command-adapter';
import { parseWaivers, type Waiver } from '../waivers';
import { inLoopbackNetProfile, LOOPBACK_NET_VARIABLE, parseLoopbackNet } from './loopback-net';
import { checkProfile, profileSchema } from './profile-schema';
import { schemaProblem } from './schema-error';

export type { Waiver } from '../waivers';

/**
 * The SUT profile: who the client under test is (name, version), how the suite drives it
 * (adapter), what it declares it can do (ICS) and the parameters a test needs (IXIT). The JSON a
 * lab writes is described, field by field, by suts/sut-profile.schema.json; this is what the
 * loader makes of it.
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

/** The profile named by SUT_PROFILE, or the reference client's; validated, with defaults, moved to SUITE_LOOPBACK_NET's /24 when set. */
export function loadSutProfile(file = process.env.SUT_PROFILE || DEFAULT_PROFILE): SutProfile {
  const profile = readSutProfile(file);
  // A campaign's run in its own loopback /24 (support/sut/loopback-net.ts).
  const moveTo = process.env[LOOPBACK_NET_VARIABLE];
  if (!moveTo) return profile;
  const parsed = parseLoopbackNet(moveTo);
  if ('problem' in parsed) throw new SutProfileError(profile.source, '(environment)', parsed.problem);
  return inLoopbackNetProfile(profile, parsed.net);
}

/** A profile file, validated, with defaults, as it is written (whatever the environment says). */
export function readSutProfile(file: string): SutProfile {
  const source = path.resolve(file);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(source, 'utf8'));
  } catch (e) {
    throw new SutProfileError(source, '(file)', `cannot be read as JSON: ${(e as Error).message}`);
  }
  return validateSutProfile(raw, source);
}

/**
 * The profile checked against suts/sut-profile.schema.json (types, ranges, required fields,
 * defaults: support/sut/profile-schema.ts), then against what a schema cannot say: the
 * loopback rule, fields that must differ, files that must exist, the waivers' catalogue, the
 * IMS settings an IMS client gets by default.
 */
export function validateSutProfile(raw: unknown, source: string): SutProfile {
  const fail = (field: string, problem: string): never => {
    throw new SutProfileError(source, field, problem);
  };
  const checked = checkProfile(raw);
  if (checked.error) {
    // A bad waiver: parseWaivers says why in the catalogue's terms (whose sub-check a name is).
    if (checked.error.instancePath.startsWith('/waivers')) parseWaivers((raw as Record<string, unknown>).waivers, fail);
    const { field, problem } = schemaProblem(checked.error, profileSchema().schema);
    return fail(field, problem);
  }
  const p = checked.data;
  const { interop, testBed: bed, ics, ixit } = p;

  // `process.env` is where earlier profiles put it; `env` works for every adapter.
  const env = p.env ?? p.process?.env ?? {};
  if (!interop && !isLoopback(bed.host)) fail('testBed.host', `is off loopback (${bed.host}): set "interop": true to allow it`);
  if (bed.tlsPort !== undefined && bed.tlsPort === bed.port) fail('testBed.tlsPort', `must differ from testBed.port (${String(bed.port)}): TCP and TLS cannot share a port`);
  if (!interop && !isLoopback(bed.host6)) fail('testBed.host6', `is off loopback (${bed.host6}): set "interop": true to allow it`);
  let bedTls: SutProfile['testBed']['tls'];
  if (bed.tls) {
    const tls = bed.tls;
    const file = (key: keyof typeof tls): string => {
      const f = path.resolve(path.dirname(source), tls[key]!);
      if (!fs.existsSync(f)) fail(`testBed.tls.${key}`, `names a file that does not exist (${f})`);
      return f;
    };
    bedTls = { certificate: file('certificate'), key: file('key'), ca: file('ca'), ...(tls.clientCa !== undefined ? { clientCa: file('clientCa') } : {}) };
  }
  if (!interop && !isLoopback(ixit.localHost)) fail('ixit.localHost', `must be a loopback address such as 127.0.0.2 (got "${ixit.localHost}"), or set "interop": true`);
  if (ixit.localHost === bed.host) fail('ixit.localHost', `must differ from the suite's address ${bed.host} (testBed.host)`);
  if (!interop && !isLoopback(ixit.localHost6)) fail('ixit.localHost6', `must be a loopback address (::1) (got "${ixit.localHost6}"), or set "interop": true`);
  const ims = ixit.ims ? { icsi: ixit.ims.icsi, accessNetworkInfo: ixit.ims.accessNetworkInfo } : ics.sipIpCore === 'ims' ? { accessNetworkInfo: false } : undefined;

  // Each waiver names a (requirement, sub-check) of support/checks/sub-checks.ts: an unknown one stops the run.
  const waivers = parseWaivers(p.waivers, fail);

  // The shapes the hand-written loader gave, absent keys as undefined included
  // (test/sut/profiles-unchanged.test.ts holds them to it).
  const proc = p.process;
  const cmd = p.command;
  return {
    name: p.name,
    version: p.version,
    adapter: p.adapter,
    process: p.adapter === 'process' && proc ? { command: proc.command!, cwd: proc.cwd, reuse: proc.reuse } : undefined,
    command:
      p.adapter === 'command' && cmd ? { rejoin: cmd.rejoin!, start: cmd.start, readyPattern: cmd.readyPattern, leave: cmd.leave, stop: cmd.stop, cwd: cmd.cwd } : undefined,
    env,
    testBed: { host: bed.host, port: bed.port, ...(bed.tlsPort !== undefined ? { tlsPort: bed.tlsPort } : {}), host6: bed.host6, ...(bedTls ? { tls: bedTls } : {}) },
    interop,
    ics: {
      transports: ics.transports,
      ipVersions: ics.ipVersions,
      tlsClientCertificate: ics.tlsClientCertificate,
      sipIpCore: ics.sipIpCore,
      answersState: ics.answersState,
      conferenceSubscription: ics.conferenceSubscription,
    },
    ixit: { userUri: ixit.userUri, localHost: ixit.localHost, localHost6: ixit.localHost6, inviteTimeoutMs: ixit.inviteTimeoutMs, eventTimeoutMs: ixit.eventTimeoutMs, t1Ms: ixit.t1Ms, ims },
    waivers,
    source,
  };
}

/**
 * The folder a profile's client runs in (process.cwd, command.cwd, or none given), which relative
 * commands are read from. A profile the suite ships (suts/, the project's test profiles) names the
 * suite's own files (`node dist/client/cli.js`): its folder is the suite's, wherever that is
 * installed. Any other profile is a vendor's and names the vendor's files: its folder is the one
 * the suite is run from (their repository), as a shell line typed there would read them.
 * A relative `cwd` is read from that folder too (docs/adapters.md, "Where the client runs").
 */
export function clientWorkDir(profile: Pick<SutProfile, 'source'>, cwd: string | undefined): string {
  const base = inProject(profile.source) ? PROJECT_ROOT : runDir();
  return cwd === undefined ? base : path.resolve(base, cwd);
}

function isLoopback(host: string): boolean {
  return (net.isIPv4(host) && host.startsWith('127.')) || host === '::1';
}
