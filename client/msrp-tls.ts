import { webcrypto, X509Certificate } from 'node:crypto';
import * as net from 'node:net';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

/**
 * The reference client's TLS for MSRP (RFC 4975 14): the CA it trusts for the IM Server's
 * certificate, and the certificate it presents itself, as the TLS server of an a=setup:passive
 * offer or when the IM Server asks for one. Without a certificate of its own it makes a
 * self-signed one, which RFC 4975 14.2 allows when the offer carries its fingerprint
 * (a=fingerprint, RFC 4572 5). MSRP goes over TLS when SIP does (IM_TRANSPORT=tls).
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

/**
 * The client's MSRP TLS from its configuration's TLS (client/config.ts `tls`: IM_TLS_CA and, for
 * mutual TLS, IM_TLS_CLIENT_CERT and IM_TLS_CLIENT_KEY, as PEM). Without a certificate and key of
 * its own it makes a self-signed certificate for `host` (once per process and host).
 */
export async function clientMsrpTls(pem: { ca?: string; cert?: string; key?: string }, host: string): Promise<MsrpTls> {
  const ca = pem.ca !== undefined ? { ca: pem.ca } : {};
  if (pem.cert !== undefined && pem.key !== undefined) {
    const parsed = new X509Certificate(pem.cert);
    return { ...ca, cert: pem.cert, key: pem.key, selfSigned: isSelfSigned(parsed), fingerprint: parsed.fingerprint256 };
  }
  return { ...ca, ...(await selfSigned(host)), selfSigned: true };
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
