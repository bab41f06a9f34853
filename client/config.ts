import * as fs from 'node:fs';
import * as net from 'node:net';
import { ActiveFaults, UnknownFaultError } from './faults';
import { bareHost, hasParam, splitSipUri, userPart, withLr } from './sip-uri';

export type Transport = 'udp' | 'tcp' | 'tls';

/** The client's configuration, read once at start from the environment. */
export interface ClientConfig {
  /** IM_CONFERENCE_URI: the conference a rejoin without "conference" asks for. */
  conferenceUri?: string;
  /**
   * IM_OUTBOUND_PROXY with ';lr' ensured: the text of the pre-loaded Route (RFC 3261 8.1.2).
   * Default: sip:<IM_PROXY_HOST>:<IM_PROXY_PORT>;transport=<IM_TRANSPORT>;lr
   */
  outboundProxy: string;
  /** IM_PROXY_HOST / IM_PROXY_PORT: where the outbound proxy is reached (an IP address, IPv6 without brackets). */
  proxy: { host: string; port: number };
  /** IM_TRANSPORT: the only transport the client enables, towards the proxy and for its Contact. */
  transport: Transport;
  /** IM_USER_URI: the public user identity, the From of every request. */
  userUri: string;
  /** The user part of userUri, the user of the Contact. */
  user: string;
  /** IM_LOCAL_HOST / IM_LOCAL_PORT: the address the SIP stack binds (UDP, TCP or TLS), IPv4 or IPv6. */
  localHost: string;
  localPort: number;
  /** IM_CLIENT_FAULTS: the fault switches that are on. */
  faults: ActiveFaults;
  /** IM_CONFERENCE_SUBSCRIPTION ("on" by default, "off"): subscribe to the conference state (RJ-08). */
  conferenceSubscription: boolean;
  /** IM_T1_MS: RFC 3261 T1 for every SIP timer of the client (default 500; client/sip-package.ts scales the sip package's). */
  t1Ms: number;
  /** IM_SIP_CORE ("plain" by default, "ims") and the IMS settings (TS 24.229, RJ-09). */
  ims?: { icsi?: string; accessNetworkInfo?: string };
  /**
   * TLS (IM_TRANSPORT=tls, or an msrps: path): the CA to trust for the test bed (IM_TLS_CA, PEM)
   * and the client's own certificate and key for mutual TLS (IM_TLS_CLIENT_CERT, IM_TLS_CLIENT_KEY).
   */
  tls?: { ca: string; cert?: string; key?: string };
}

/** A configuration problem, naming the variable at fault. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/**
 * Reads and checks the configuration. Throws ConfigError naming the first bad variable.
 *
 * The proxy's address comes from IM_PROXY_HOST/IM_PROXY_PORT; when they are absent, from the
 * host and port of IM_OUTBOUND_PROXY. It must be an IP literal: the `sip` package resolves a
 * name asynchronously (IPv6 references are read by the package as client/sip-package.ts patches it).
 */
export function readConfig(env: Env = process.env): ClientConfig {
  const value = (name: string): string | undefined => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const required = (name: string, what: string): string => {
    const v = value(name);
    if (v === undefined) throw new ConfigError(name, `is required: ${what}`);
    return v;
  };
  const port = (name: string, text: string): number => {
    if (!/^\d{1,5}$/.test(text) || Number(text) < 1 || Number(text) > 65535) {
      throw new ConfigError(name, `must be a port number from 1 to 65535 (got "${text}"; the sip package reads 0 as 5060)`);
    }
    return Number(text);
  };
  const ip = (name: string, text: string): string => {
    // A host taken from a URI keeps its IPv6 brackets (RFC 3261 25.1); the socket wants none.
    const bare = bareHost(text);
    if (net.isIP(bare) === 0) throw new ConfigError(name, `must be an IP address such as 127.0.0.2 or ::1 (got "${text}")`);
    return bare;
  };
  const file = (name: string, what: string): string => {
    const path = required(name, what);
    try {
      return fs.readFileSync(path, 'utf8');
    } catch (e) {
      throw new ConfigError(name, `names a file that cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): ${path}`);
    }
  };
  const sipUri = (name: string, text: string): string => {
    if (!splitSipUri(text)) throw new ConfigError(name, `must be a sip: or sips: URI without spaces or angle brackets (got "${text}")`);
    return text;
  };

  const transportText = (value('IM_TRANSPORT') ?? 'udp').toLowerCase();
  if (transportText !== 'udp' && transportText !== 'tcp' && transportText !== 'tls') {
    throw new ConfigError('IM_TRANSPORT', `must be "udp", "tcp" or "tls" (got "${value('IM_TRANSPORT')}")`);
  }
  const transport: Transport = transportText;

  const userUri = sipUri('IM_USER_URI', required('IM_USER_URI', 'the public user identity, e.g. sip:alice@example.invalid'));
  const user = userPart(userUri);
  if (!user) throw new ConfigError('IM_USER_URI', `must have a user part, e.g. sip:alice@example.invalid (got "${userUri}")`);

  const localHost = ip('IM_LOCAL_HOST', required('IM_LOCAL_HOST', 'the address the client binds, e.g. 127.0.0.2'));
  const localPort = port('IM_LOCAL_PORT', required('IM_LOCAL_PORT', 'the SIP port the client binds'));

  const conference = value('IM_CONFERENCE_URI');
  const conferenceUri = conference === undefined ? undefined : sipUri('IM_CONFERENCE_URI', conference);

  const outboundText = value('IM_OUTBOUND_PROXY');
  const outbound = outboundText === undefined ? undefined : splitSipUri(sipUri('IM_OUTBOUND_PROXY', outboundText));
  const proxyHostText = value('IM_PROXY_HOST') ?? outbound?.host;
  if (proxyHostText === undefined) {
    throw new ConfigError('IM_PROXY_HOST', 'is required (or an IM_OUTBOUND_PROXY whose host is an IP address): where the outbound proxy is reached');
  }
  const proxyHost = ip(value('IM_PROXY_HOST') !== undefined ? 'IM_PROXY_HOST' : 'IM_OUTBOUND_PROXY', proxyHostText);
  const proxyPortText = value('IM_PROXY_PORT');
  const proxyPort = proxyPortText !== undefined ? port('IM_PROXY_PORT', proxyPortText) : (outbound?.port ?? 5060);
  if (proxyHost === localHost && net.isIPv4(localHost)) {
    // The package treats a next hop on its own host as itself and never sends (toolchain.md).
    // Over IPv6 (one loopback address) the two differ in the package's eyes: its own host is
    // written bracketed, the next hop bare (sip-stack.ts).
    throw new ConfigError(
      value('IM_PROXY_HOST') !== undefined ? 'IM_PROXY_HOST' : 'IM_OUTBOUND_PROXY',
      `must differ from IM_LOCAL_HOST (both are ${localHost}): give the client its own loopback address`,
    );
  }
  if (outboundText !== undefined && hasParam(outboundText, 'transport')) {
    const t = /;transport=([^;?]*)/i.exec(outboundText)?.[1]?.toLowerCase();
    if (t !== transport) {
      throw new ConfigError('IM_OUTBOUND_PROXY', `says transport=${t} but IM_TRANSPORT is ${transport}`);
    }
  }
  const outboundProxy = withLr(outboundText ?? `sip:${net.isIPv6(proxyHost) ? `[${proxyHost}]` : proxyHost}:${proxyPort};transport=${transport}`);

  const certText = value('IM_TLS_CLIENT_CERT');
  const keyText = value('IM_TLS_CLIENT_KEY');
  if ((certText === undefined) !== (keyText === undefined)) {
    throw new ConfigError(certText === undefined ? 'IM_TLS_CLIENT_CERT' : 'IM_TLS_CLIENT_KEY', 'is needed too: a client certificate goes with its key');
  }
  // Without IM_TLS_CA a client has nothing to check the test bed's certificate against.
  const tls =
    transport === 'tls' || value('IM_TLS_CA') !== undefined
      ? {
          ca: file('IM_TLS_CA', 'over TLS: the CA certificate (PEM file) the test bed\'s certificate chains to'),
          ...(certText !== undefined ? { cert: file('IM_TLS_CLIENT_CERT', ''), key: file('IM_TLS_CLIENT_KEY', '') } : {}),
        }
      : undefined;

  let faults: ActiveFaults;
  try {
    faults = ActiveFaults.parse(env.IM_CLIENT_FAULTS);
  } catch (e) {
    if (e instanceof UnknownFaultError) throw new ConfigError('IM_CLIENT_FAULTS', `names an ${e.message}`);
    throw e;
  }

  const subscriptionText = (value('IM_CONFERENCE_SUBSCRIPTION') ?? 'on').toLowerCase();
  if (subscriptionText !== 'on' && subscriptionText !== 'off') {
    throw new ConfigError('IM_CONFERENCE_SUBSCRIPTION', `must be "on" or "off" (got "${value('IM_CONFERENCE_SUBSCRIPTION')}")`);
  }
  const t1Text = value('IM_T1_MS') ?? '500';
  if (!/^\d{1,6}$/.test(t1Text) || Number(t1Text) < 1) throw new ConfigError('IM_T1_MS', `must be a positive number of milliseconds (got "${t1Text}")`);
  const core = (value('IM_SIP_CORE') ?? 'plain').toLowerCase();
  if (core !== 'plain' && core !== 'ims') throw new ConfigError('IM_SIP_CORE', `must be "plain" or "ims" (got "${value('IM_SIP_CORE')}")`);
  const icsi = value('IM_ICSI');
  if (icsi !== undefined && !/^urn:[^\s"]+$/i.test(icsi)) throw new ConfigError('IM_ICSI', `must be a URN such as urn:urn-7:3gpp-service.ims.icsi.oma.cpm.session (got "${icsi}")`);
  const ims = core === 'ims' ? { icsi, accessNetworkInfo: value('IM_ACCESS_NETWORK_INFO') } : undefined;

  return {
    conferenceUri,
    outboundProxy,
    proxy: { host: proxyHost, port: proxyPort },
    transport,
    userUri,
    user,
    localHost,
    localPort,
    faults,
    conferenceSubscription: subscriptionText === 'on',
    t1Ms: Number(t1Text),
    ims,
    tls,
  };
}
