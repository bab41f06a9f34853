/**
 * Declarations for the parts of the `sip` package (kirm/sip.js 0.0.6) this project uses.
 * The package ships no typings. What is written here was read from node_modules/sip/sip.js;
 * the traps it holds are listed in docs/upper-tester.md and in the comments below.
 */
declare module 'sip' {
  /** A SIP URI as `parseUri` splits it. `port` is a number, or null/NaN when absent. */
  export interface SipUri {
    schema: string;
    user?: string;
    password?: string;
    host: string;
    port?: number | null;
    /** URI parameters; a parameter without a value (`;lr`) maps to null. */
    params: Record<string, string | null>;
    headers: Record<string, string>;
  }

  /**
   * A name-addr / addr-spec header value (To, From, Contact, Route, Record-Route, ...).
   * `uri` stays a string as received for To/From/Contact; Route/Record-Route/Path are parsed
   * into SipUri objects. `params` are the header-level parameters (after the `>`), names
   * lower-cased, a parameter without a value mapped to null (`;isfocus` → `{isfocus: null}`).
   * The package prints it as `name + ' <' + uri + '>' + params`: with no display name, that
   * is two spaces after the colon.
   */
  export interface AddressHeader {
    name?: string;
    uri: string | SipUri;
    params: Record<string, string | null>;
  }

  export interface Via {
    version?: string;
    /** UDP, TCP, ... (upper-cased by the transport when sending). */
    protocol?: string;
    host?: string;
    port?: number;
    params: Record<string, string | null>;
  }

  export interface CSeq {
    seq: number;
    method: string;
  }

  /**
   * Headers of a message the package parsed. Names are lower-cased, compact forms expanded.
   * Repeated headers without a parser of their own (Allow, Supported, ...) are MERGED into
   * one string joined by ',' (no space): judge the wire text where the difference matters.
   */
  export interface ParsedHeaders {
    via: Via[];
    to: AddressHeader;
    from: AddressHeader;
    'call-id': string;
    cseq: CSeq;
    contact?: AddressHeader[] | '*';
    route?: AddressHeader[];
    'record-route'?: AddressHeader[];
    'content-length'?: number;
    [name: string]: unknown;
  }

  /**
   * Headers of a message we build. A string value is printed as it is (`Name: value`), with
   * the name title-cased from the key; To/From/Contact given as strings therefore go out
   * exactly as written. `content-length` is always overwritten with `content.length` (UTF-16
   * code units, not bytes: give `content` as a 'binary' (latin1) string of the UTF-8 bytes).
   */
  export interface OutgoingHeaders {
    via?: Via[];
    to?: string | AddressHeader;
    from?: string | AddressHeader;
    'call-id'?: string;
    cseq?: CSeq | string;
    contact?: string | AddressHeader[];
    /**
     * The route set. The first entry's `uri` picks the next hop (its resolver turns an IP host
     * into an address at once, a name through DNS). A string is parsed into entries first.
     * An entry without `;lr` is treated as a strict router (it rewrites the Request-URI), and
     * an entry whose host is the stack's own host is removed.
     */
    route?: string | AddressHeader[];
    'max-forwards'?: number | string;
    [name: string]: unknown;
  }

  export interface IncomingRequest {
    method: string;
    /** The Request-URI as it was on the start line. */
    uri: string;
    version: string;
    headers: ParsedHeaders;
    /** The body as a 'binary' (latin1) string. */
    content?: string;
  }

  export interface IncomingResponse {
    status: number;
    reason: string;
    version: string;
    headers: ParsedHeaders;
    content?: string;
  }

  export interface OutgoingRequest {
    method: string;
    /** A string goes out unchanged; an object is re-printed by stringifyUri. */
    uri: string | SipUri;
    version?: string;
    headers: OutgoingHeaders;
    content?: string;
  }

  export interface OutgoingResponse {
    status: number | string;
    reason: string;
    version?: string;
    headers: Record<string, unknown>;
    content?: string;
  }

  /** Where a message came from (or goes to): protocol is 'UDP' | 'TCP' | 'TLS' | 'WS'. */
  export interface Remote {
    protocol: string;
    address: string;
    port: number;
    local?: { address: string; port: number };
  }

  export interface Logger {
    send?(message: OutgoingRequest | OutgoingResponse, target: Remote): void;
    recv?(message: IncomingRequest | IncomingResponse, remote: Remote): void;
    error?(error: unknown): void;
  }

  export interface StackOptions {
    /** Port for UDP and TCP. 0 or absent means 5060, not "any". */
    port?: number;
    /** Address to bind; absent means 0.0.0.0. */
    address?: string;
    /** Host written in Via, and the stack's idea of "myself" when routing. */
    publicAddress?: string;
    hostname?: string;
    /** Absent means enabled. */
    udp?: boolean;
    tcp?: boolean;
    tls?: unknown;
    tls_port?: number;
    ws_port?: number;
    /** Absent or true: `;rport` on the Via of UDP requests. */
    rport?: boolean;
    'max-forwards'?: number;
    maxBytesHeaders?: number;
    maxContentLength?: number;
    logger?: Logger;
  }

  /**
   * Called for every request outside an existing server transaction (and for every ACK that
   * matches none). An exception thrown here is swallowed and answered with 500.
   */
  export type RequestHandler = (request: IncomingRequest, remote: Remote) => void;

  /**
   * Called for every response of a request's client transaction: provisional ones, the final
   * one, and (INVITE) each 2xx retransmission until Timer M. A transaction timeout or a
   * transport error is reported as a response the package makes itself (408 / 503 / 404)
   * whose `headers.via` is the request's own Via array.
   */
  export type ResponseHandler = (response: IncomingResponse) => void;

  export interface SipStack {
    /**
     * Sends a request (through a new client transaction; an ACK statelessly) or, given a
     * response, through the server transaction it answers. Does not ACK a 2xx.
     */
    send(message: OutgoingRequest, onResponse?: ResponseHandler): void;
    send(message: OutgoingResponse): void;
    hostname(): string;
    /** Stops transactions and closes listening sockets; open TCP connections stay open. */
    destroy(): void;
  }

  /** Binds at once; a bind error (EADDRINUSE) is an uncaught 'error' event. */
  export function create(options: StackOptions, onRequest: RequestHandler): SipStack;

  /** A response to `request` with its Via, To, From, Call-ID, CSeq (the To tag is not added). */
  export function makeResponse(
    request: IncomingRequest,
    status: number,
    reason?: string,
    extension?: { headers?: Record<string, unknown>; content?: string },
  ): OutgoingResponse & { headers: ParsedHeaders };

  /** Undefined when the regex does not match (IPv6 hosts, for one). Objects pass through. */
  export function parseUri(uri: string | SipUri): SipUri | undefined;
  /** A string passes through unchanged. */
  export function stringifyUri(uri: string | SipUri): string;
  /** Parses a whole message (a Buffer or a 'binary' string); undefined when it cannot. */
  export function parse(data: Buffer | string): IncomingRequest | IncomingResponse | undefined;
  export function stringify(message: OutgoingRequest | OutgoingResponse): string;
  /** 'z9hG4bK' followed by a random number below 10^6. */
  export function generateBranch(): string;
}
