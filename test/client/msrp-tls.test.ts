import assert from 'node:assert/strict';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { MsrpEndpoint } from '../../client/msrp-endpoint';
import { clientMsrpTls } from '../../client/msrp-tls';
import { tlsMaterial } from '../../support/tls/test-pki';

test('without a certificate of its own the client makes a self-signed one naming its address, and the offer carries its fingerprint', async () => {
  const own = await clientMsrpTls({}, '127.0.0.2');
  assert.equal(own.selfSigned, true);
  assert.equal(own.ca, undefined);
  const cert = new X509Certificate(own.cert);
  assert.equal(cert.fingerprint256, own.fingerprint);
  assert.ok(cert.subject === cert.issuer && cert.verify(cert.publicKey));
  assert.match(cert.subjectAltName ?? '', /IP Address:127\.0\.0\.2/);
  assert.ok(cert.checkPrivateKey(createPrivateKey(own.key)));
  const endpoint = await MsrpEndpoint.listen('127.0.0.2', own);
  try {
    assert.deepEqual(endpoint.offerTls, { fingerprint: own.fingerprint });
    // The same certificate for the same address: made once per process.
    assert.equal((await clientMsrpTls({ ca: 'x' }, '127.0.0.2')).cert, own.cert);
  } finally {
    endpoint.close();
  }
  const plain = await MsrpEndpoint.listen('127.0.0.2');
  plain.close();
  assert.equal(plain.offerTls, undefined);
});

test('with a certificate and key of its own (IM_TLS_CLIENT_CERT, IM_TLS_CLIENT_KEY) the client presents that certificate (CA-issued: no fingerprint) and trusts IM_TLS_CA', async () => {
  const material = await tlsMaterial({ serverHosts: ['127.0.0.1'], clientHosts: ['127.0.0.2'], clientUri: 'sip:alice@example.invalid' });
  const own = await clientMsrpTls({ ca: material.caPem, cert: readFileSync(material.client!.certFile, 'utf8'), key: readFileSync(material.client!.keyFile, 'utf8') }, '127.0.0.2');
  assert.equal(own.ca, material.caPem);
  assert.equal(own.selfSigned, false);
  const endpoint = await MsrpEndpoint.listen('127.0.0.2', own);
  try {
    assert.deepEqual(endpoint.offerTls, {});
  } finally {
    endpoint.close();
  }
});
