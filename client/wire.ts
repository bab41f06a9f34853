import type * as sip from 'sip';

/**
 * The body for the `sip` package: a 'binary' (latin1) string holding the UTF-8 bytes. The package
 * sets Content-Length to the string's length and writes it with 'binary' encoding, so given a
 * JavaScript string it would count UTF-16 units and cut every non-ASCII character to one byte.
 */
export function wireBytes(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

/** Where a request goes first: the outbound proxy's address and transport. */
export interface NextHop {
  host: string;
  port: number;
  transport: string;
}

/**
 * A Route header value for the `sip` package that goes out exactly as `text` says while the
 * package sends the request to `nextHop`.
 *
 * The package takes the next hop from the first route entry's URI, and prints the header as
 * `'Route: ' + entries.map(stringifyAOR).join(', ')`, where stringifyAOR re-prints each URI and
 * puts a space before every '<' (so "Route:  <sip:...>"). Here the one entry carries the next
 * hop as a parsed URI with `;lr` (so the package neither treats it as a strict router nor
 * rewrites the Request-URI), and `map` is overridden, on this array only, to give the text as
 * configured: the wire shows the configured outbound proxy URI verbatim, and the datagram
 * goes to IM_PROXY_HOST:IM_PROXY_PORT.
 */
export function routeHeader(text: string, nextHop: NextHop): sip.AddressHeader[] {
  const entries: sip.AddressHeader[] = [
    {
      uri: { schema: 'sip', host: nextHop.host, port: nextHop.port, params: { transport: nextHop.transport, lr: null }, headers: {} },
      params: {},
    },
  ];
  Object.defineProperty(entries, 'map', { value: () => [text], enumerable: false });
  return entries;
}
