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
  if (!m) throw new SipUriError(`"${text}" is not a valid SIP URI (RFC 3261 25.1)`);
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
  if (a.host.toLowerCase() !== b.host.toLowerCase()) return differ(`the hosts differ ("${a.host}" vs "${b.host}")`);
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
