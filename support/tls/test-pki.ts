import { webcrypto } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

/** The test bed's TLS identity for a run, and what the client is given to trust it. */
export interface TlsMaterial {
  /** Where it comes from: made for this run, or the lab's own (the profile's testBed.tls). */
  origin: 'throwaway' | 'profile';
  /** The CA the client is told to trust (IM_TLS_CA): a file path and its PEM. */
  caFile: string;
  caPem: string;
  /**
   * The test bed's certificates (SIP/IP Core, IM Server, MSRP) and their private keys, PEM, in
   * pairs: an ECDSA one and an RSA one from the run's CA, or the lab's one.
   */
  certPems: string[];
  keyPems: string[];
  /** The CA(s) a client certificate must chain to, when not `caPem` (the lab's testBed.tls.clientCa). */
  clientCaPem?: string;
  /**
   * A client certificate issued by the throwaway CA, for a client that declares mutual TLS
   * (ics.tlsClientCertificate) and has none of its own: IM_TLS_CLIENT_CERT and IM_TLS_CLIENT_KEY.
   */
  client?: { certFile: string; keyFile: string };
}

export interface PkiRequest {
  /** The test bed's addresses: the server certificate's subjectAltNames (IP), with "localhost". */
  serverHosts: string[];
  /** The client's addresses and SIP URI, for the client certificate's subjectAltNames. */
  clientHosts: string[];
  clientUri: string;
  /** The lab's own server certificate instead of a throwaway one (profile testBed.tls). */
  own?: { certificate: string; key: string; ca: string; clientCa?: string };
}

// ECDSA P-256: a key pair takes about a millisecond, where RSA 2048 takes tens; the test bed has
// an RSA certificate too, for clients that offer only RSA cipher suites.
const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const RSA = { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };
const HOUR_MS = 3_600_000;

const made = new Map<string, Promise<TlsMaterial>>();

/**
 * The run's TLS material, made once per process for the same request: a throwaway CA and the
 * certificates it issues, written to a temporary folder removed when the process exits.
 */
export function tlsMaterial(request: PkiRequest): Promise<TlsMaterial> {
  const key = JSON.stringify(request);
  let material = made.get(key);
  if (!material) {
    material = request.own ? Promise.resolve(ownMaterial(request.own)) : throwawayPki(request);
    made.set(key, material);
  }
  return material;
}

function ownMaterial(own: NonNullable<PkiRequest['own']>): TlsMaterial {
  return {
    origin: 'profile',
    caFile: own.ca,
    caPem: fs.readFileSync(own.ca, 'utf8'),
    certPems: [fs.readFileSync(own.certificate, 'utf8')],
    keyPems: [fs.readFileSync(own.key, 'utf8')],
    ...(own.clientCa ? { clientCaPem: fs.readFileSync(own.clientCa, 'utf8') } : {}),
  };
}

async function throwawayPki(request: PkiRequest): Promise<TlsMaterial> {
  const now = Date.now();
  // An hour back allows for a client whose clock is a little behind; a day is longer than any run.
  const validity = { notBefore: new Date(now - HOUR_MS), notAfter: new Date(now + 24 * HOUR_MS) };
  const caKeys = await keyPair();
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: 'CN=simple-im-conformance throwaway CA, O=simple-im-conformance',
    keys: caKeys,
    signingAlgorithm: ALGORITHM,
    ...validity,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const issue = async (subject: string, names: x509.JsonGeneralName[], usage: string, algorithm: typeof ALGORITHM | typeof RSA = ALGORITHM) => {
    const keys = await keyPair(algorithm);
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: serial(),
      subject,
      issuer: ca.subject,
      publicKey: keys.publicKey,
      signingKey: caKeys.privateKey,
      signingAlgorithm: ALGORITHM,
      ...validity,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | (algorithm === RSA ? x509.KeyUsageFlags.keyEncipherment : x509.KeyUsageFlags.keyAgreement), true),
        new x509.ExtendedKeyUsageExtension([usage]),
        new x509.SubjectAlternativeNameExtension(names),
        await x509.AuthorityKeyIdentifierExtension.create(ca),
      ],
    });
    const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
    return { certPem: cert.toString('pem'), keyPem: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY') };
  };
  const serverNames: x509.JsonGeneralName[] = [...ipNames(request.serverHosts), { type: 'dns', value: 'localhost' }];
  const server = await issue('CN=simple-im-conformance test bed', serverNames, x509.ExtendedKeyUsage.serverAuth);
  const serverRsa = await issue('CN=simple-im-conformance test bed (RSA)', serverNames, x509.ExtendedKeyUsage.serverAuth, RSA);
  const client = await issue(
    'CN=simple-im-conformance client under test',
    [...ipNames(request.clientHosts), { type: 'url', value: request.clientUri }],
    // RFC 5922 domain certificates are used both ways; a client's needs clientAuth.
    x509.ExtendedKeyUsage.clientAuth,
  );
  const dir = runDirectory();
  const write = (name: string, text: string): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text, { mode: 0o600 });
    return file;
  };
  const caPem = ca.toString('pem');
  return {
    origin: 'throwaway',
    caFile: write('ca.pem', caPem),
    caPem,
    certPems: [server.certPem, serverRsa.certPem],
    keyPems: [server.keyPem, serverRsa.keyPem],
    client: { certFile: write('client-cert.pem', client.certPem), keyFile: write('client-key.pem', client.keyPem) },
  };
}

function keyPair(algorithm: typeof ALGORITHM | typeof RSA = ALGORITHM): Promise<webcrypto.CryptoKeyPair> {
  return webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']) as Promise<webcrypto.CryptoKeyPair>;
}

/** A positive 64-bit serial number, hex (RFC 5280 4.1.2.2: unique per CA). */
function serial(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(8));
  bytes[0] &= 0x7f;
  return Buffer.from(bytes).toString('hex');
}

function ipNames(hosts: string[]): x509.JsonGeneralName[] {
  return [...new Set(hosts.filter((h) => net.isIP(h) !== 0))].map((value) => ({ type: 'ip', value }));
}

let directory: string | undefined;

/** One folder per process for the PEM files, removed when it exits. */
function runDirectory(): string {
  if (directory) return directory;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simple-im-tls-'));
  directory = dir;
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}
