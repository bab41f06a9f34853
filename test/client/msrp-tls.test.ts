import assert from 'node:assert/strict';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { test } from 'node:test';
import { MsrpEndpoint } from '../../client/msrp-endpoint';
import { loadMsrpTls, msrpTlsSettings } from '../../client/msrp-tls';
import { tlsMaterial } from '../../support/tls/test-pki';

test('MSRP goes over TLS exactly when SIP does: the settings come from IM_TRANSPORT=tls, IM_TLS_CA, IM_TLS_CLIENT_CERT and IM_TLS_CLIENT_KEY', () => {
  assert.equal(msrpTlsSettings({ IM_TRANSPORT: 'tcp', IM_TLS_CA: '/ca.pem' }), undefined);
  assert.equal(msrpTlsSettings({}), undefined);
  assert.deepEqual(msrpTlsSettings({ IM_TRANSPORT: 'TLS', IM_TLS_CA: ' /ca.pem ', IM_TLS_CLIENT_CERT: '' }), { caFile: '/ca.pem', certFile: undefined, keyFile: undefined });
  assert.deepEqual(msrpTlsSettings({ IM_TRANSPORT: 'tls', IM_TLS_CLIENT_CERT: '/c.pem', IM_TLS_CLIENT_KEY: '/k.pem' }), { caFile: undefined, certFile: '/c.pem', keyFile: '/k.pem' });
});

test('without a certificate of its own the client makes a self-signed one naming its address, and the offer carries its fingerprint', async () => {
  const own = await loadMsrpTls({}, '127.0.0.2');
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
  } finally {
    endpoint.close();
  }
  const plain = await MsrpEndpoint.listen('127.0.0.2');
  plain.close();
  assert.equal(plain.offerTls, undefined);
});

test('with IM_TLS_CLIENT_CERT and IM_TLS_CLIENT_KEY the client presents that certificate (CA-issued: no fingerprint) and trusts IM_TLS_CA', async () => {
  const material = await tlsMaterial({ serverHosts: ['127.0.0.1'], clientHosts: ['127.0.0.2'], clientUri: 'sip:alice@example.invalid' });
  const own = await loadMsrpTls({ caFile: material.caFile, certFile: material.client!.certFile, keyFile: material.client!.keyFile }, '127.0.0.2');
  assert.equal(own.ca, material.caPem);
  assert.equal(own.selfSigned, false);
  const endpoint = await MsrpEndpoint.listen('127.0.0.2', own);
  try {
    assert.deepEqual(endpoint.offerTls, {});
  } finally {
    endpoint.close();
  }
});

test('a file that cannot be read is named with its variable', async () => {
  await assert.rejects(loadMsrpTls({ caFile: '/nonexistent/ca.pem' }, '127.0.0.2'), /^Error: IM_TLS_CA: cannot read \/nonexistent\/ca\.pem/);
});
