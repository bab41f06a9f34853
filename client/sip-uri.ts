/**
 * Small, pure helpers on SIP URIs as TEXT (RFC 3261 section 19.1.1). The client never re-prints
 * a URI it was given: escaped characters, parameter order and case go out exactly as configured.
 * (The `sip` package's parseUri/stringifyUri keep these examples intact, but they drop IPv6 hosts
 * and re-order `?headers`, so the client only hands the package strings.)
 */

export interface SipUriParts {
  scheme: string;
  /** userinfo without the '@' (user and optional ":password"), as written; undefined if none. */
  userinfo?: string;
  /** host as written (an IPv6 reference keeps its brackets). */
  host: string;
  port?: number;
  /** The uri-parameters as written, each with its leading ';' ("" when none). */
  params: string;
  /** The headers part as written, with its leading '?' ("" when none). */
  headers: string;
}

// userinfo: at most one raw '@' can appear in a SIP URI (RFC 3261 25.1: user, password,
// uri-parameters and headers allow no unescaped '@'), so everything before it is userinfo.
const SIP_URI = /^(sips?):(?:([^@]*)@)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?((?:;[^?]*)?)(\?.*)?$/i;

/** The parts of a sip:/sips: URI, or undefined when the text is not one (or has white space). */
export function splitSipUri(uri: string): SipUriParts | undefined {
  // A URI is ASCII without white space or angle brackets (RFC 3261 25.1, RFC 3986 section 2).
  if (!/^[\x21-\x7e]+$/.test(uri) || /[<>"]/.test(uri)) return undefined;
  const m = SIP_URI.exec(uri);
  if (!m) return undefined;
  const port = m[4] === undefined ? undefined : Number(m[4]);
  if (port !== undefined && (port < 1 || port > 65535)) return undefined;
  if (m[2] !== undefined && m[2].length === 0) return undefined;
  return { scheme: m[1], userinfo: m[2], host: m[3], port, params: m[5] ?? '', headers: m[6] ?? '' };
}

/** A URI's host as a socket takes it: an IPv6 reference without its brackets ("[::1]" → "::1"). */
export function bareHost(host: string): string {
  return host.replace(/^\[(.*)\]$/, '$1');
}

export function isSipUri(uri: string): boolean {
  return splitSipUri(uri) !== undefined;
}

/** The user part (userinfo without a password), as written; undefined when there is none. */
export function userPart(uri: string): string | undefined {
  const parts = splitSipUri(uri);
  return parts?.userinfo?.replace(/:.*$/, '');
}

/** The same URI with another host; everything else (user, port, parameters) as written. */
export function withHost(uri: string, host: string): string {
  const p = splitSipUri(uri);
  if (!p) throw new Error(`not a SIP URI: ${uri}`);
  return `${p.scheme}:${p.userinfo !== undefined ? p.userinfo + '@' : ''}${host}${p.port !== undefined ? ':' + p.port : ''}${p.params}${p.headers}`;
}

/** Whether the URI carries the uri-parameter `name` (names compare case-insensitively). */
export function hasParam(uri: string, name: string): boolean {
  const p = splitSipUri(uri);
  if (!p) return false;
  return p.params
    .split(';')
    .slice(1)
    .some((param) => param.replace(/=.*$/, '').toLowerCase() === name.toLowerCase());
}

/** The URI with `;lr` added (before any `?headers`) unless it already has it. */
export function withLr(uri: string): string {
  if (hasParam(uri, 'lr')) return uri;
  const p = splitSipUri(uri);
  if (!p) throw new Error(`not a SIP URI: ${uri}`);
  const head = p.headers ? uri.slice(0, -p.headers.length) : uri;
  return `${head};lr${p.headers}`;
}
