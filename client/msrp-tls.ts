import { webcrypto, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

/**
 * The reference client's TLS for MSRP (RFC 4975 14): the CA it trusts for the IM Server's
 * certificate, and the certificate it presents itself, as the TLS server of an a=setup:passive
 * offer or when the IM Server asks for one. Without a certificate of its own it makes a
 * self-signed one, which RFC 4975 14.2 allows when the offer carries its fingerprint
 * (a=fingerprint, RFC 4572 5).
 */
export interface MsrpTls {
  /** PEM of the CA to trust (IM_TLS_CA); the system's CAs when absent. */
  ca?: string;
  /** The certificate the client presents, and its private key, PEM. */
  cert: string;
  key: string;
  /** Whether `cert` is self-signed (then the offer carries its fingerprint). */
  selfSigned: boolean;
  /** SHA-256 fingerprint of `cert`, upper-case hex pairs joined by colons (RFC 4572 5). */
  fingerprint: string;
}

/** Where the files come from: IM_TLS_CA, IM_TLS_CLIENT_CERT and IM_TLS_CLIENT_KEY. */
export interface MsrpTlsSettings {
  caFile?: string;
  certFile?: string;
  keyFile?: string;
}

/**
 * The settings in an upper-tester environment, or undefined when SIP is not over TLS
 * (IM_TRANSPORT other than "tls"): MSRP goes over TLS exactly when SIP does.
 */
export function msrpTlsSettings(env: Record<string, string | undefined>): MsrpTlsSettings | undefined {
  const value = (name: string): string | undefined => (env[name]?.trim() ? env[name]!.trim() : undefined);
  if (value('IM_TRANSPORT')?.toLowerCase() !== 'tls') return undefined;
  return { caFile: value('IM_TLS_CA'), certFile: value('IM_TLS_CLIENT_CERT'), keyFile: value('IM_TLS_CLIENT_KEY') };
}

/**
 * Reads the files; without both a certificate and a key, makes a self-signed certificate for
 * `host` (once per process and host). Rejects with a message naming the file it cannot read.
 */
export async function loadMsrpTls(settings: MsrpTlsSettings, host: string): Promise<MsrpTls> {
  const read = (variable: string, file: string): string => {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch (e) {
      throw new Error(`${variable}: cannot read ${file} (${(e as Error).message})`, { cause: e });
    }
  };
  const ca = settings.caFile !== undefined ? read('IM_TLS_CA', settings.caFile) : undefined;
  if (settings.certFile !== undefined && settings.keyFile !== undefined) {
    const cert = read('IM_TLS_CLIENT_CERT', settings.certFile);
    const key = read('IM_TLS_CLIENT_KEY', settings.keyFile);
    const parsed = new X509Certificate(cert);
    return { ...(ca !== undefined ? { ca } : {}), cert, key, selfSigned: isSelfSigned(parsed), fingerprint: parsed.fingerprint256 };
  }
  const own = await selfSigned(host);
  return { ...(ca !== undefined ? { ca } : {}), ...own, selfSigned: true };
}

/**
 * Its own issuer, signed with its own key. Not X509Certificate.checkIssued: OpenSSL's check
 * also asks for keyCertSign, which an end-entity certificate does not have.
 */
function isSelfSigned(cert: X509Certificate): boolean {
  return cert.subject === cert.issuer && cert.verify(cert.publicKey);
}

const HOUR_MS = 3_600_000;
const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const made = new Map<string, Promise<{ cert: string; key: string; fingerprint: string }>>();

/** A self-signed ECDSA P-256 certificate naming `host` (its subjectAltName when an IP address). */
function selfSigned(host: string): Promise<{ cert: string; key: string; fingerprint: string }> {
  let pending = made.get(host);
  if (!pending) {
    pending = (async () => {
      const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
      const now = Date.now();
      const serial = webcrypto.getRandomValues(new Uint8Array(8));
      serial[0] &= 0x7f;
      const certificate = await x509.X509CertificateGenerator.createSelfSigned({
        serialNumber: Buffer.from(serial).toString('hex'),
        name: 'CN=simple-im-conformance reference client MSRP',
        keys,
        signingAlgorithm: ALGORITHM,
        notBefore: new Date(now - HOUR_MS),
        notAfter: new Date(now + 24 * HOUR_MS),
        extensions: [
          new x509.BasicConstraintsExtension(false, undefined, true),
          new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyAgreement, true),
          new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]),
          ...(net.isIP(host) !== 0 ? [new x509.SubjectAlternativeNameExtension([{ type: 'ip', value: host }])] : []),
        ],
      });
      const cert = certificate.toString('pem');
      const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
      return { cert, key: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY'), fingerprint: new X509Certificate(cert).fingerprint256 };
    })();
    made.set(host, pending);
  }
  return pending;
}
