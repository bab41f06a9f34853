import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as sip from 'sip';
import { routeHeader, wireBytes } from '../../client/wire';

const request = (content: string, route?: sip.AddressHeader[]): sip.OutgoingRequest => ({
  method: 'MESSAGE',
  uri: 'sip:team%20chat@conference.example.invalid',
  headers: { via: [], route, 'call-id': 'c1', cseq: { seq: 1, method: 'MESSAGE' } },
  content,
});

test('wire: Content-Length counts the UTF-8 bytes of a non-ASCII body, and those bytes go out', () => {
  const body = 'héllo ✓';
  assert.equal(Buffer.byteLength(body), 10);
  const naive = sip.stringify(request(body));
  assert.match(naive, /Content-Length: 7\r\n/, 'the package alone counts UTF-16 units');
  const text = sip.stringify(request(wireBytes(body)));
  assert.match(text, /Content-Length: 10\r\n/);
  const bytes = Buffer.from(text, 'binary'); // how the package writes it
  assert.equal(bytes.subarray(bytes.length - 10).toString('utf8'), body);
});

test('wire: the Route header goes out exactly as configured, while its entry names the next hop', () => {
  const route = routeHeader('<sip:proxy.example.invalid;transport=udp;lr>', { host: '127.0.0.1', port: 40123, transport: 'udp' });
  const text = sip.stringify(request('', route));
  assert.match(text, /\r\nRoute: <sip:proxy\.example\.invalid;transport=udp;lr>\r\n/);
  assert.equal(sip.stringifyUri(route[0].uri), 'sip:127.0.0.1:40123;transport=udp;lr');
  assert.equal(typeof route[0].uri === 'object' && route[0].uri.params.lr, null, 'a loose router: the package keeps the Request-URI');
  assert.match(text, /^MESSAGE sip:team%20chat@conference\.example\.invalid SIP\/2\.0\r\n/);
});
