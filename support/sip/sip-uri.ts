import { isIPv4, isIPv6 } from 'node:net';

/**
 * SIP and SIPS URIs as the test bed reads them (RFC 3261 sections 19.1.1 and 25.1), and their
 * comparison by the rules of section 19.1.4. The test bed judges clients with this, so it shares
 * no code with the reference client.
 */

export class SipUriError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SipUriError';
  }
}

export interface SipUri {
  scheme: 'sip' | 'sips';
  user?: string;
  password?: string;
  host: string;
  port?: number;
  /** uri-parameters in wire order; a flag parameter ("lr") has value null. */
  params: Array<[string, string | null]>;
  /** ?headers in wire order. */
  headers: Array<[string, string]>;
  /** The text it was parsed from. */
  text: string;
}

const URI = /^(sips?):(?:([^@]*)@)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?\.?)(?::(\d{1,5}))?((?:;[^?]*)?)(?:\?(.*))?$/i;

/** Parses a sip: or sips: URI; throws SipUriError saying what is wrong. */
export function parseSipUri(text: string): SipUri {
  if (!/^[\x21-\x7e]+$/.test(text)) throw new SipUriError(`"${text}" holds white space or non-ASCII characters`);
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(text) && !/^sips?:/i.test(text)) {
    throw new SipUriError(`"${text}" is not a SIP URI: its scheme is "${text.slice(0, text.indexOf(':'))}"`);
  }
  const m = URI.exec(text);
  if (!m) throw new SipUriError(`"${text}" is not a valid SIP URI (RFC 3261 25.1)${whyNoHost(hostportOf(text))}`);
  const hostError = hostSyntaxError(m[3]);
  if (hostError) throw new SipUriError(`"${text}" ${hostError}`);
  const port = m[4] === undefined ? undefined : Number(m[4]);
  if (port !== undefined && port > 65535) throw new SipUriError(`"${text}" has port ${port}, beyond 65535`);
  let user: string | undefined;
  let password: string | undefined;
  if (m[2] !== undefined) {
    const colon = m[2].indexOf(':');
    user = colon < 0 ? m[2] : m[2].slice(0, colon);
    password = colon < 0 ? undefined : m[2].slice(colon + 1);
    if (user === '') throw new SipUriError(`"${text}" has an empty user part before '@'`);
  }
  const params = (m[5] ?? '')
    .split(';')
    .slice(1)
    .map((p): [string, string | null] => {
      const eq = p.indexOf('=');
      return eq < 0 ? [p, null] : [p.slice(0, eq), p.slice(eq + 1)];
    });
  if (params.some(([name]) => name === '')) throw new SipUriError(`"${text}" has an empty uri-parameter`);
  const headers = m[6] === undefined || m[6] === '' ? [] : m[6].split('&').map((h): [string, string] => {
    const eq = h.indexOf('=');
    return eq < 0 ? [h, ''] : [h.slice(0, eq), h.slice(eq + 1)];
  });
  return { scheme: m[1].toLowerCase() as 'sip' | 'sips', user, password, host: m[3], port, params, headers, text };
}

/**
 * The addr-spec of a name-addr or addr-spec header value ("Bob" <sip:b@x>;tag=1 → sip:b@x;
 * sip:b@x;tag=1 → sip:b@x, since without brackets the parameters belong to the header).
 */
export function uriFromNameAddr(value: string): string {
  const open = value.indexOf('<');
  if (open >= 0) {
    const close = value.indexOf('>', open);
    return close < 0 ? value.slice(open + 1).trim() : value.slice(open + 1, close).trim();
  }
  return value.trim().split(';')[0];
}

// RFC 3261 25.1 / RFC 2396: characters that mean something in a URI. Any other escaped
// character equals itself unescaped (RFC 3261 19.1.4).
const RESERVED = new Set(';/?:@&=+$,'.split(''));

/** Undoes escapes of non-reserved characters and upper-cases the hex of those that stay. */
export function normaliseEscapes(text: string): string {
  return text.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => {
    const c = String.fromCharCode(parseInt(hex, 16));
    return RESERVED.has(c) || c === '%' || parseInt(hex, 16) < 0x21 || parseInt(hex, 16) > 0x7e ? `%${hex.toUpperCase()}` : c;
  });
}

const UNBRACKETED = 'an IPv6 address in a SIP URI is written in brackets, [2001:db8::1] (RFC 3261 25.1 IPv6reference)';

/** The hostport of a URI text: after the scheme and the userinfo, up to the parameters or headers. */
function hostportOf(text: string): string {
  const rest = text.slice(text.indexOf(':') + 1);
  // The user part may hold ; and ? (RFC 3261 25.1 user-unreserved) but never an unescaped @.
  const at = rest.indexOf('@');
  return (at >= 0 ? rest.slice(at + 1) : rest).split(/[;?]/)[0];
}

/** What is wrong with the host of a URI the grammar refused, when it is the host: ": <reason>", else "". */
function whyNoHost(hostport: string): string {
  if (unbracketedIpv6(hostport)) return `: ${UNBRACKETED}`;
  if (!hostport.startsWith('[')) return '';
  const close = hostport.indexOf(']');
  const why = hostSyntaxError(close < 0 ? hostport : hostport.slice(0, close + 1));
  return why ? `: it ${why}` : '';
}

/** Whether a hostport (or a bare host) is an IPv6 address without its brackets: "::1", "2001:db8::1:5060". */
export function unbracketedIpv6(hostport: string): boolean {
  if (hostport.startsWith('[')) return false;
  if (isIPv6(hostport)) return true;
  const colon = hostport.lastIndexOf(':');
  return colon > 0 && /^\d{1,5}$/.test(hostport.slice(colon + 1)) && isIPv6(hostport.slice(0, colon));
}

/**
 * Why `host` (as written: hostname, IPv4address or [IPv6address], RFC 3261 25.1) is no host, or
 * undefined when it is one. The bracketed form must hold an IPv6 address RFC 4291 2.2 spells,
 * without a zone (RFC 3261 has none).
 */
export function hostSyntaxError(host: string): string | undefined {
  if (host.startsWith('[')) {
    const inner = host.endsWith(']') ? host.slice(1, -1) : undefined;
    if (inner === undefined) return `has the host ${host}, whose [ is never closed by ]`;
    if (!isIPv6(inner) || inner.includes('%')) return `has the host ${host}, which is no IPv6 address (RFC 3261 25.1 IPv6reference, its IPv6address as RFC 5954 corrects it)`;
    return undefined;
  }
  if (unbracketedIpv6(host)) return `has the host ${host}: ${UNBRACKETED}`;
  if (host === '') return 'has no host';
  return undefined;
}

/**
 * A host as it compares (RFC 3261 19.1.4: case-insensitive; RFC 5954: an IPv6 reference as the
 * address it holds, so [::1] and [0:0:0:0:0:0:0:1] compare equal). An IPv6 address takes its full
 * form, eight groups of four lower-case hex digits; anything else is lower-cased.
 */
export function hostKey(host: string): string {
  const full = expandIpv6(unbracketed(host));
  return full === undefined ? host.toLowerCase() : `[${full}]`;
}

/**
 * Whether two socket addresses (as Node reports them: "::1", "127.0.0.1", "::ffff:127.0.0.1"), or
 * URI hosts, are the same address: IPv6 compared in full form, an IPv4-mapped IPv6 address
 * (RFC 4291 2.5.5.2, what a dual-stack socket reports for an IPv4 peer) as its IPv4 address.
 */
export function sameAddress(a: string, b: string): boolean {
  const key = (h: string): string => {
    const bare = unbracketed(h);
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
    if (mapped && isIPv4(mapped[1])) return mapped[1];
    return expandIpv6(bare) ?? bare.toLowerCase();
  };
  return key(a) === key(b);
}

/** A host without the brackets of an IPv6 reference ("[::1]" → "::1"); any other host as it is. */
export function unbracketed(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** "host:port", with an IPv6 address in brackets ([::1]:5060), as a URI or a Via writes it. */
export function hostPort(host: string, port: number): string {
  return `${isIPv6(host) ? `[${host}]` : host}:${port}`;
}

/** The eight groups of an IPv6 address, four lower-case hex digits each, or undefined for anything else. */
export function expandIpv6(address: string): string | undefined {
  if (!isIPv6(address) || address.includes('%')) return undefined;
  let text = address.toLowerCase();
  // A trailing dotted quad (::ffff:127.0.0.1) is the last two groups.
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number);
    text = `${text.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return groups.length === 8 ? groups.map((g) => g.padStart(4, '0')).join(':') : undefined;
}

/** Parameters that make two URIs differ when only one of them has it (RFC 3261 19.1.4). */
const MUST_BE_ON_BOTH = ['transport', 'user', 'ttl', 'method', 'maddr'];

export interface UriComparison {
  equal: boolean;
  /** Why they differ, naming the component; empty when equal. */
  reason: string;
}

/** Compares two SIP URIs by RFC 3261 section 19.1.4. */
export function compareSipUris(a: SipUri, b: SipUri): UriComparison {
  const differ = (reason: string): UriComparison => ({ equal: false, reason });
  if (a.scheme !== b.scheme) return differ(`the schemes differ ("${a.scheme}" vs "${b.scheme}"): a sip and a sips URI are never equal`);
  // userinfo is case-sensitive; everything else is not.
  const user = (u?: string): string | undefined => (u === undefined ? undefined : normaliseEscapes(u));
  if (user(a.user) !== user(b.user)) {
    return differ(a.user === undefined || b.user === undefined ? 'one URI has a user part and the other has none' : `the user parts differ ("${a.user}" vs "${b.user}"; the user part is case-sensitive)`);
  }
  if (user(a.password) !== user(b.password)) return differ('the passwords differ');
  // RFC 5954: IPv6 references compare as addresses, [::1] and [0:0:0:0:0:0:0:1] alike.
  if (hostKey(a.host) !== hostKey(b.host)) return differ(`the hosts differ ("${a.host}" vs "${b.host}")`);
  if (a.port !== b.port) {
    return differ(
      a.port === undefined || b.port === undefined
        ? `one URI gives port ${a.port ?? b.port} and the other none (an omitted port never equals an explicit one)`
        : `the ports differ (${a.port} vs ${b.port})`,
    );
  }
  const pa = paramMap(a);
  const pb = paramMap(b);
  for (const [name, value] of pa) {
    if (pb.has(name)) {
      if (pb.get(name) !== value) return differ(`the uri-parameter "${name}" differs ("${show(value)}" vs "${show(pb.get(name)!)}")`);
    } else if (MUST_BE_ON_BOTH.includes(name)) return differ(`the uri-parameter "${name}" is on one URI only (it must be on both)`);
  }
  for (const name of pb.keys()) {
    if (!pa.has(name) && MUST_BE_ON_BOTH.includes(name)) return differ(`the uri-parameter "${name}" is on one URI only (it must be on both)`);
  }
  const ha = headerMap(a);
  const hb = headerMap(b);
  for (const name of new Set([...ha.keys(), ...hb.keys()])) {
    if (ha.get(name) !== hb.get(name)) return differ(`the URI header "${name}" is not the same on both (URI headers are never ignored)`);
  }
  return { equal: true, reason: '' };
}

function paramMap(uri: SipUri): Map<string, string> {
  return new Map(uri.params.map(([n, v]) => [normaliseEscapes(n).toLowerCase(), v === null ? '\u0000flag' : normaliseEscapes(v).toLowerCase()]));
}

function headerMap(uri: SipUri): Map<string, string> {
  return new Map(uri.headers.map(([n, v]) => [normaliseEscapes(n).toLowerCase(), normaliseEscapes(v)]));
}

function show(value: string): string {
  return value === '\u0000flag' ? '(no value)' : value;
}
