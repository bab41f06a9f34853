import { parseFaults, type Fault } from './faults';
import { isIpv4, parseUri } from './sip';

export interface Config {
  conferenceUri?: string;
  outboundProxy: string;
  proxyHost: string;
  proxyPort: number;
  transport: 'udp' | 'tcp';
  userUri: string;
  user: string;
  localHost: string;
  localPort: number;
  t1: number;
  faults: Set<Fault>;
}

export class ConfigError extends Error {}

/** Reads the upper tester's IM_* variables (docs/upper-tester.md section 1) and INDEP_FAULTS. */
export function configFrom(env: Record<string, string | undefined>): Config {
  const need = (name: string): string => {
    const v = env[name];
    if (v === undefined || v.trim() === '') throw new ConfigError(`${name} is not set`);
    return v.trim();
  };
  const port = (name: string, text: string): number => {
    if (!/^\d{1,5}$/.test(text) || Number(text) < 1 || Number(text) > 65535) throw new ConfigError(`${name} must be a port number, not "${text}"`);
    return Number(text);
  };
  const transport = (env.IM_TRANSPORT ?? 'udp').trim().toLowerCase();
  if (transport !== 'udp' && transport !== 'tcp') throw new ConfigError(`IM_TRANSPORT must be udp or tcp, not "${transport}"`);
  const userUri = need('IM_USER_URI');
  let user: string | undefined;
  try {
    user = parseUri(userUri).user;
  } catch {
    throw new ConfigError(`IM_USER_URI is not a SIP URI: "${userUri}"`);
  }
  if (!user) throw new ConfigError(`IM_USER_URI has no user part: "${userUri}"`);
  const localHost = need('IM_LOCAL_HOST');
  if (!isIpv4(localHost)) throw new ConfigError(`IM_LOCAL_HOST must be an IPv4 address, not "${localHost}"`);
  const localPort = port('IM_LOCAL_PORT', need('IM_LOCAL_PORT'));

  let proxyHost = env.IM_PROXY_HOST?.trim();
  let proxyPort = env.IM_PROXY_PORT?.trim() ? port('IM_PROXY_PORT', env.IM_PROXY_PORT.trim()) : undefined;
  const outbound = env.IM_OUTBOUND_PROXY?.trim();
  if (outbound && (!proxyHost || proxyPort === undefined)) {
    const u = parseUri(outbound);
    proxyHost ??= u.host;
    proxyPort ??= u.port ?? 5060;
  }
  if (!proxyHost) throw new ConfigError('IM_PROXY_HOST (or IM_OUTBOUND_PROXY) is not set');
  if (!isIpv4(proxyHost)) throw new ConfigError(`IM_PROXY_HOST must be an IPv4 address, not "${proxyHost}": this client resolves no names`);
  proxyPort ??= 5060;
  const t1Text = env.IM_T1_MS?.trim() || '500';
  if (!/^\d+$/.test(t1Text) || Number(t1Text) < 1) throw new ConfigError(`IM_T1_MS must be a positive number of milliseconds, not "${t1Text}"`);
  let faults: Set<Fault>;
  try {
    faults = parseFaults(env.INDEP_FAULTS);
  } catch (e) {
    throw new ConfigError((e as Error).message);
  }
  return {
    conferenceUri: env.IM_CONFERENCE_URI?.trim() || undefined,
    outboundProxy: outbound || `sip:${proxyHost}:${proxyPort};transport=${transport};lr`,
    proxyHost,
    proxyPort,
    transport,
    userUri,
    user,
    localHost,
    localPort,
    t1: Number(t1Text),
    faults,
  };
}
