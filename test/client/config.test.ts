import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, readConfig } from '../../client/config';

const base = {
  IM_CONFERENCE_URI: 'sip:conf-42@conference.example.invalid',
  IM_OUTBOUND_PROXY: 'sip:127.0.0.1:40123;transport=udp;lr',
  IM_PROXY_HOST: '127.0.0.1',
  IM_PROXY_PORT: '40123',
  IM_TRANSPORT: 'udp',
  IM_USER_URI: 'sip:alice@example.invalid',
  IM_LOCAL_HOST: '127.0.0.2',
  IM_LOCAL_PORT: '45060',
  IM_CLIENT_FAULTS: '',
};

function rejects(env: Record<string, string | undefined>, variable: string, text?: RegExp): void {
  assert.throws(
    () => readConfig(env),
    (e: unknown) => {
      assert.ok(e instanceof ConfigError, String(e));
      assert.equal(e.variable, variable);
      assert.ok(e.message.startsWith(variable), e.message);
      if (text) assert.match(e.message, text);
      return true;
    },
  );
}

test('config: a full environment is read as given', () => {
  const c = readConfig(base);
  assert.equal(c.conferenceUri, 'sip:conf-42@conference.example.invalid');
  assert.equal(c.outboundProxy, 'sip:127.0.0.1:40123;transport=udp;lr');
  assert.deepEqual(c.proxy, { host: '127.0.0.1', port: 40123 });
  assert.equal(c.transport, 'udp');
  assert.equal(c.user, 'alice');
  assert.equal(c.localHost, '127.0.0.2');
  assert.equal(c.localPort, 45060);
  assert.deepEqual(c.faults.names, []);
});

test('config: a missing required variable is named', () => {
  for (const name of ['IM_USER_URI', 'IM_LOCAL_HOST', 'IM_LOCAL_PORT']) {
    rejects({ ...base, [name]: undefined }, name, /required/);
    rejects({ ...base, [name]: '  ' }, name, /required/);
  }
  rejects({ ...base, IM_PROXY_HOST: undefined, IM_OUTBOUND_PROXY: undefined }, 'IM_PROXY_HOST', /required/);
});

test('config: an invalid value is named, with what was given', () => {
  rejects({ ...base, IM_LOCAL_PORT: '0' }, 'IM_LOCAL_PORT', /"0"/);
  rejects({ ...base, IM_LOCAL_PORT: '65536' }, 'IM_LOCAL_PORT');
  rejects({ ...base, IM_LOCAL_PORT: '50x' }, 'IM_LOCAL_PORT');
  rejects({ ...base, IM_PROXY_PORT: '-1' }, 'IM_PROXY_PORT');
  rejects({ ...base, IM_LOCAL_HOST: 'localhost' }, 'IM_LOCAL_HOST', /an IP address such as 127\.0\.0\.2 or ::1 \(got "localhost"\)/);
  rejects({ ...base, IM_PROXY_HOST: 'proxy.example.invalid' }, 'IM_PROXY_HOST', /an IP address/);
  rejects({ ...base, IM_OUTBOUND_PROXY: undefined, IM_TRANSPORT: 'tls' }, 'IM_TLS_CA', /over TLS: the CA certificate/);
  rejects({ ...base, IM_OUTBOUND_PROXY: undefined, IM_TRANSPORT: 'tls', IM_TLS_CA: '/nonexistent/ca.pem' }, 'IM_TLS_CA', /names a file that cannot be read \(ENOENT\)/);
  rejects({ ...base, IM_TRANSPORT: 'sctp' }, 'IM_TRANSPORT', /"sctp"/);
  rejects({ ...base, IM_USER_URI: 'alice@example.invalid' }, 'IM_USER_URI');
  rejects({ ...base, IM_USER_URI: 'sip:example.invalid' }, 'IM_USER_URI', /user part/);
  rejects({ ...base, IM_CONFERENCE_URI: 'sip:conf 42@x.invalid' }, 'IM_CONFERENCE_URI');
  rejects({ ...base, IM_OUTBOUND_PROXY: '<sip:127.0.0.1;lr>' }, 'IM_OUTBOUND_PROXY');
  rejects({ ...base, IM_OUTBOUND_PROXY: 'sip:127.0.0.1:40123;transport=tcp;lr' }, 'IM_OUTBOUND_PROXY', /transport/);
  rejects({ ...base, IM_PROXY_HOST: '127.0.0.2' }, 'IM_PROXY_HOST', /differ/);
});

test('config: an unknown fault switch is rejected, naming it and the known ones', () => {
  rejects({ ...base, IM_CLIENT_FAULTS: 'wrong-request-uri, no-such-fault' }, 'IM_CLIENT_FAULTS', /"no-such-fault".*wrong-request-uri/);
  assert.deepEqual(readConfig({ ...base, IM_CLIENT_FAULTS: ' wrong-request-uri ,' }).faults.names, ['wrong-request-uri']);
});

test('config: the outbound proxy gets ;lr, and defaults from IM_PROXY_HOST/PORT', () => {
  assert.equal(readConfig({ ...base, IM_OUTBOUND_PROXY: 'sip:127.0.0.1:40123;transport=udp' }).outboundProxy, 'sip:127.0.0.1:40123;transport=udp;lr');
  const c = readConfig({ ...base, IM_OUTBOUND_PROXY: undefined, IM_TRANSPORT: 'TCP' });
  assert.equal(c.transport, 'tcp');
  assert.equal(c.outboundProxy, 'sip:127.0.0.1:40123;transport=tcp;lr');
  const fromUri = readConfig({ ...base, IM_PROXY_HOST: undefined, IM_PROXY_PORT: undefined, IM_OUTBOUND_PROXY: 'sip:127.0.0.9:5070;lr' });
  assert.deepEqual(fromUri.proxy, { host: '127.0.0.9', port: 5070 });
});

test('config: over IPv6 the proxy host loses its brackets for the socket and keeps them in the URI; client and proxy may share ::1', () => {
  const c = readConfig({ ...base, IM_LOCAL_HOST: '::1', IM_PROXY_HOST: undefined, IM_PROXY_PORT: undefined, IM_OUTBOUND_PROXY: 'sip:[::1]:40123;transport=udp;lr' });
  assert.deepEqual(c.proxy, { host: '::1', port: 40123 });
  assert.equal(c.outboundProxy, 'sip:[::1]:40123;transport=udp;lr');
  const byHost = readConfig({ ...base, IM_LOCAL_HOST: '::1', IM_PROXY_HOST: '::1', IM_OUTBOUND_PROXY: undefined });
  assert.equal(byHost.outboundProxy, 'sip:[::1]:40123;transport=udp;lr');
});

test('config: IM_CONFERENCE_URI is optional, IM_TRANSPORT defaults to udp', () => {
  const c = readConfig({ ...base, IM_CONFERENCE_URI: undefined, IM_TRANSPORT: undefined, IM_OUTBOUND_PROXY: undefined });
  assert.equal(c.conferenceUri, undefined);
  assert.equal(c.transport, 'udp');
});
