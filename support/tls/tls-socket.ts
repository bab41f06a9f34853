import { X509Certificate } from 'node:crypto';
import * as net from 'node:net';
import { Duplex } from 'node:stream';
import * as tls from 'node:tls';
import type { Endpoint, PresentedCertificate, TlsConnectionInfo } from '../sip/recorded-message';
import type { TraceRecorder } from '../im-server/trace-recorder';
import type { TlsMaterial } from './test-pki';

/**
 * The test bed's TLS: one secure context per listener, and a TLS socket over a recording stream,
 * so the pcap can hold the TLS records as they crossed the socket (with the key log beside them)
 * while the layers above read and write plaintext as over TCP.
 *
 * Node hands a plain net.Socket straight to OpenSSL, out of JavaScript's sight; a Duplex in
 * between is run through JavaScript, which is what lets every byte be recorded.
 */
export interface TestBedTls {
  context: tls.SecureContext;
  /** The CAs a client's certificate is judged against: the run's, or the lab's (testBed.tls.clientCa, else its ca). */
  ca: X509Certificate[];
  /** Whether the test bed asks the client for a certificate (the profile declares mutual TLS). */
  requestCert: boolean;
  /** Its certificates' SHA-256 fingerprints, as SDP's a=fingerprint writes them (RFC 8122 5, RFC 4975 14.2). */
  fingerprints: string[];
}

export function testBedTls(material: TlsMaterial, requestCert: boolean): TestBedTls {
  // TLS 1.2 is the floor RFC 8996 leaves; SIP over TLS clients are told the same (RFC 5630).
  // Two certificates, ECDSA and RSA: OpenSSL picks by the client's cipher suites, so a client that
  // only offers RSA ones (RFC 3261 26.2.1's TLS_RSA_WITH_AES_128_CBC_SHA) still gets a handshake.
  const context = tls.createSecureContext({ cert: material.certPems, key: material.keyPems, ca: material.clientCaPem ?? material.caPem, minVersion: 'TLSv1.2' });
  const fingerprints = material.certPems.map((pem) => `SHA-256 ${new X509Certificate(pem).fingerprint256}`);
  return { context, ca: pemCertificates(material.clientCaPem ?? material.caPem), requestCert, fingerprints };
}

function pemCertificates(pem: string): X509Certificate[] {
  return (pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map((one) => new X509Certificate(one));
}

export interface TlsSides {
  recorder: TraceRecorder;
  /** The test bed's end and the client's end of the TCP connection. */
  local: Endpoint;
  peer: Endpoint;
}

export interface TlsHandlers {
  /** The handshake is done: read and write plaintext on `socket`. */
  secure(socket: tls.TLSSocket, info: TlsConnectionInfo): void;
  /**
   * The handshake failed (an alert, a wrong version, plain text, the connection closed): `reason`
   * is the TLS layer's word for it, `received` every byte the client sent on the connection.
   * `unfinished`: it was still under way when the test bed ended the scenario (not the client's failure).
   * A connection on which the client sent nothing (closed, or still silent at the scenario's end)
   * is no handshake at all: not reported.
   */
  failed(reason: string, received: Buffer, unfinished?: boolean): void;
}

/** A TLS connection the test bed takes part in, while its handshake may be under way. */
export interface TlsConnection {
  /** Reports a handshake that has not finished as unfinished (at the scenario's end); idempotent. */
  abandon(reason: string): void;
  /** What the client has sent so far, while the handshake is under way (undefined once done). */
  pending(): PendingHandshake | undefined;
}

/** A handshake under way: its connection, how many bytes the client has sent, since when (ms since the epoch). */
export interface PendingHandshake {
  connection: number;
  bytes: number;
  since: number;
}

/**
 * The TLS connections of one endpoint of the test bed (the SIP/IP Core's TLS port, the MSRP
 * end) whose handshake may be under way: a failed one is recorded as 'tls-handshake' with the
 * TLS layer's reason and the client's bytes, never as the protocol above it; at the scenario's
 * end (`end`) those still under way are recorded as unfinished, the test bed's doing.
 */
export class TlsHandshakes {
  private readonly open = new Set<TlsConnection>();

  constructor(private readonly recorder: TraceRecorder) {}

  /** TLS over `raw`, the test bed as `side`; `secured` gets the plaintext socket once the handshake is done. */
  start(side: 'server' | 'client', raw: net.Socket, bed: TestBedTls, ends: { local: Endpoint; peer: Endpoint }, secured: (socket: tls.TLSSocket, info: TlsConnectionInfo) => void): void {
    const connection = (side === 'server' ? acceptTls : connectTls)(raw, bed, { recorder: this.recorder, ...ends }, {
      secure: (socket, info) => {
        this.open.delete(connection);
        secured(socket, info);
      },
      failed: (reason, received, unfinished) => {
        this.open.delete(connection);
        this.recorder.record('from-client', 'tls', ends.peer, ends.local, received, { protocol: 'tls-handshake', tlsError: reason, ...(unfinished ? { tlsUnfinished: true } : {}) });
      },
    });
    this.open.add(connection);
  }

  /** The handshakes still under way. */
  pending(): PendingHandshake[] {
    return [...this.open].flatMap((h) => h.pending() ?? []);
  }

  /**
   * The scenario is over: every handshake still under way is recorded as unfinished now, before
   * the client is released, so its closing the connection is not taken for its failure.
   */
  end(): void {
    for (const handshake of this.open) handshake.abandon('the scenario ended, and the test bed closed the connection, before the TLS handshake was done');
    this.open.clear();
  }
}

/** The server side of TLS over an accepted TCP connection. */
export function acceptTls(raw: net.Socket, bed: TestBedTls, sides: TlsSides, handlers: TlsHandlers): TlsConnection {
  return wrap(raw, bed, sides, handlers, (stream) => new tls.TLSSocket(stream, { isServer: true, secureContext: bed.context, requestCert: bed.requestCert, rejectUnauthorized: false }));
}

/**
 * The client side of TLS, for the IM Server's MSRP connection to a client that offered
 * `a=setup:passive` with an msrps: path. The client's certificate is recorded, not required to
 * chain to anything: RFC 4975 14.2 binds it by the fingerprint in the SDP (not judged yet).
 */
export function connectTls(raw: net.Socket, bed: TestBedTls, sides: TlsSides, handlers: TlsHandlers): TlsConnection {
  return wrap(raw, bed, sides, handlers, (stream) => tls.connect({ socket: stream as unknown as net.Socket, secureContext: bed.context, rejectUnauthorized: false }));
}

function wrap(raw: net.Socket, bed: TestBedTls, sides: TlsSides, handlers: TlsHandlers, open: (stream: Duplex) => tls.TLSSocket): TlsConnection {
  const number = sides.recorder.newConnection();
  const received: Buffer[] = [];
  const since = Date.now();
  let done = false;
  const fail = (reason: string, unfinished = false): void => {
    if (done) return;
    done = true;
    const bytes = Buffer.concat(received);
    if (bytes.length === 0) return;
    handlers.failed(reason, bytes, unfinished);
  };
  const stream = new RecordingStream(
    raw,
    (chunk) => {
      if (!done) received.push(chunk);
      sides.recorder.recordWire({ connection: number, direction: 'from-client', source: sides.peer, destination: sides.local, bytes: chunk });
    },
    (chunk) => sides.recorder.recordWire({ connection: number, direction: 'to-client', source: sides.local, destination: sides.peer, bytes: chunk }),
  );
  const socket = open(stream);
  socket.on('keylog', (line) => sides.recorder.recordKeylog(line));
  socket.once('secure', () => secured());
  socket.once('secureConnect', () => secured());
  socket.on('error', (e) => {
    fail(describeTlsError(e));
    socket.destroy();
  });
  // A client that does not trust the test bed's certificate often just closes: say where to look.
  socket.once('close', () => fail('the connection closed before the TLS handshake was done (does the client trust IM_TLS_CA?)'));
  function secured(): void {
    if (done) return;
    let info: TlsConnectionInfo;
    try {
      info = { connection: number, version: socket.getProtocol() ?? '?', cipher: socket.getCipher()?.standardName ?? '?', ...presented(socket, bed.ca) };
    } catch (e) {
      // A certificate the test bed cannot read must not throw out of a socket event.
      fail(`the TLS handshake was done, but the certificate the client presented cannot be read: ${(e as Error).message}`);
      socket.destroy();
      return;
    }
    done = true;
    handlers.secure(socket, info);
  }
  return {
    abandon: (reason) => fail(reason, true),
    pending: () => (done ? undefined : { connection: number, bytes: received.reduce((n, b) => n + b.length, 0), since }),
  };
}

/**
 * The certificate the peer presented, if any, and whether the CA issued it. The TLS layer asked
 * for it without insisting (rejectUnauthorized: false), so a bad certificate is judged, not refused.
 */
function presented(socket: tls.TLSSocket, cas: X509Certificate[]): { clientCertificate?: PresentedCertificate } {
  const cert = socket.getPeerCertificate(true);
  if (!cert || Object.keys(cert).length === 0 || !cert.raw) return {};
  const error = trustError(chainOf(cert), cas);
  return {
    clientCertificate: {
      subject: distinguishedName(cert.subject),
      issuer: distinguishedName(cert.issuer),
      validFrom: isoOrAsIs(cert.valid_from),
      validTo: isoOrAsIs(cert.valid_to),
      subjectAltName: cert.subjectaltname,
      fingerprint256: cert.fingerprint256,
      trusted: error === undefined,
      ...(error ? { trustError: String(error) } : {}),
      der: cert.raw,
    },
  };
}

/** The presented chain, leaf first, as the peer sent it (Node links each certificate to its issuer). */
function chainOf(leaf: tls.DetailedPeerCertificate): X509Certificate[] {
  const chain: X509Certificate[] = [];
  const seen = new Set<string>();
  for (let c: tls.DetailedPeerCertificate | undefined = leaf; c?.raw && !seen.has(c.fingerprint256); c = c.issuerCertificate) {
    seen.add(c.fingerprint256);
    chain.push(new X509Certificate(c.raw));
  }
  return chain;
}

/**
 * Why none of `cas` vouches for the chain (RFC 5280 6.1: each certificate issued and signed by the
 * next, within its validity, the last issued by a trusted CA), or undefined.
 */
function trustError(chain: X509Certificate[], cas: X509Certificate[]): string | undefined {
  const [leaf] = chain;
  if (cas.some((ca) => ca.fingerprint256 === leaf.fingerprint256)) return 'it is the CA certificate itself';
  const now = Date.now();
  for (let i = 0; i < chain.length; i++) {
    const cert = chain[i];
    if (now < Date.parse(cert.validFrom) || now > Date.parse(cert.validTo)) return `${i === 0 ? 'it is' : `its issuer ${cert.subject.replace(/\n/g, ', ')} is`} outside its validity (${cert.validFrom} to ${cert.validTo})`;
    if (cas.some((ca) => cert.checkIssued(ca) && cert.verify(ca.publicKey))) return undefined;
    const next = chain[i + 1];
    if (!next || !cert.checkIssued(next) || !cert.verify(next.publicKey)) break;
  }
  return `not issued by a CA the test bed trusts (${cas.map((ca) => ca.subject.replace(/\n/g, ', ')).join('; ')})`;
}

/** A date as ISO 8601, or as the certificate gives it when it cannot be read as a date. */
function isoOrAsIs(text: string): string {
  const at = Date.parse(text);
  return Number.isNaN(at) ? text : new Date(at).toISOString();
}

function distinguishedName(name: tls.PeerCertificate['subject'] | undefined): string {
  if (!name) return '';
  return Object.entries(name)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : v}`)
    .join(', ');
}

/** The TLS layer's reason in words a lab reads: OpenSSL's text with its code. */
function describeTlsError(e: Error): string {
  const err = e as NodeJS.ErrnoException & { reason?: string };
  return `TLS handshake failed: ${err.reason ?? err.message}${err.code ? ` (${err.code})` : ''}`;
}

/** Passes bytes between a TCP socket and the TLS layer, showing each chunk on its way. */
class RecordingStream extends Duplex {
  constructor(
    private readonly raw: net.Socket,
    inbound: (chunk: Buffer) => void,
    private readonly outbound: (chunk: Buffer) => void,
  ) {
    super();
    raw.on('data', (chunk: Buffer) => {
      inbound(chunk);
      if (!this.push(chunk)) raw.pause();
    });
    raw.on('end', () => this.push(null));
    raw.on('error', (e) => this.destroy(e));
    raw.once('close', () => this.destroy());
  }

  override _read(): void {
    this.raw.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.outbound(chunk);
    if (this.raw.destroyed) return callback();
    this.raw.write(chunk, () => callback());
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.raw.end();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.raw.destroy();
    callback(error);
  }
}
