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
  /** The CA a client's certificate is judged against (the run's, or the lab's). */
  ca: X509Certificate;
  /** Whether the test bed asks the client for a certificate (the profile declares mutual TLS). */
  requestCert: boolean;
}

export function testBedTls(material: TlsMaterial, requestCert: boolean): TestBedTls {
  // TLS 1.2 is the floor RFC 8996 leaves; SIP over TLS clients are told the same (RFC 5630).
  const context = tls.createSecureContext({ cert: material.certPem, key: material.keyPem, ca: material.caPem, minVersion: 'TLSv1.2' });
  return { context, ca: new X509Certificate(material.caPem), requestCert };
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
   */
  failed(reason: string, received: Buffer): void;
}

/** A TLS connection the test bed takes part in, before and after its handshake. */
export interface TlsConnection {
  readonly number: number;
  /** Reports a handshake that has not finished as failed (at the scenario's end); idempotent. */
  abandon(reason: string): void;
  destroy(): void;
}

/** The server side of TLS over an accepted TCP connection. */
export function acceptTls(raw: net.Socket, bed: TestBedTls, sides: TlsSides, handlers: TlsHandlers): TlsConnection {
  return wrap(raw, bed, sides, handlers, (stream) => new tls.TLSSocket(stream, { isServer: true, secureContext: bed.context, requestCert: bed.requestCert, rejectUnauthorized: false }));
}

/**
 * The client side of TLS, for the IM Server's MSRP connection to a client that offered
 * `a=setup:passive` with an msrps: path. The client's certificate is recorded, not required to
 * chain to anything: RFC 4975 14.2 binds it by fingerprint in the SDP, which RJ-03 judges.
 */
export function connectTls(raw: net.Socket, bed: TestBedTls, sides: TlsSides, handlers: TlsHandlers): TlsConnection {
  return wrap(raw, bed, sides, handlers, (stream) => tls.connect({ socket: stream as unknown as net.Socket, secureContext: bed.context, rejectUnauthorized: false }));
}

function wrap(raw: net.Socket, bed: TestBedTls, sides: TlsSides, handlers: TlsHandlers, open: (stream: Duplex) => tls.TLSSocket): TlsConnection {
  const number = sides.recorder.newConnection();
  const received: Buffer[] = [];
  let done = false;
  const fail = (reason: string): void => {
    if (done) return;
    done = true;
    handlers.failed(reason, Buffer.concat(received));
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
    done = true;
    handlers.secure(socket, { connection: number, version: socket.getProtocol() ?? '?', cipher: socket.getCipher()?.standardName ?? '?', ...presented(socket, bed.ca) });
  }
  return {
    number,
    abandon: fail,
    destroy: () => {
      socket.destroy();
      raw.destroy();
    },
  };
}

/**
 * The certificate the peer presented, if any, and whether the CA issued it. The TLS layer asked
 * for it without insisting (rejectUnauthorized: false), so a bad certificate is judged, not refused.
 */
function presented(socket: tls.TLSSocket, ca: X509Certificate): { clientCertificate?: PresentedCertificate } {
  const cert = socket.getPeerCertificate(false);
  if (!cert || Object.keys(cert).length === 0 || !cert.raw) return {};
  const error = trustError(new X509Certificate(cert.raw), ca);
  return {
    clientCertificate: {
      subject: distinguishedName(cert.subject),
      issuer: distinguishedName(cert.issuer),
      validFrom: new Date(cert.valid_from).toISOString(),
      validTo: new Date(cert.valid_to).toISOString(),
      subjectAltName: cert.subjectaltname,
      fingerprint256: cert.fingerprint256,
      trusted: error === undefined,
      ...(error ? { trustError: String(error) } : {}),
      der: cert.raw,
    },
  };
}

/** Why `ca` does not vouch for `cert` (RFC 5280 6.1, for a chain of one), or undefined. */
function trustError(cert: X509Certificate, ca: X509Certificate): string | undefined {
  if (cert.fingerprint256 === ca.fingerprint256) return 'it is the CA certificate itself';
  if (!cert.checkIssued(ca) || !cert.verify(ca.publicKey)) return `not issued by the CA the test bed trusts (${ca.subject.replace(/\n/g, ', ')})`;
  const now = Date.now();
  if (now < Date.parse(cert.validFrom) || now > Date.parse(cert.validTo)) return `outside its validity (${cert.validFrom} to ${cert.validTo})`;
  return undefined;
}

function distinguishedName(name: tls.PeerCertificate['subject'] | undefined): string {
  if (!name) return '';
  return Object.entries(name)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : v}`)
    .join(', ');
}

/** The TLS layer's reason in words a lab reads: OpenSSL's text with its code. */
export function describeTlsError(e: Error): string {
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
