import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { SUITE } from '../../support/project';
import { DEFAULT_PROFILE, loadSutProfile, validateSutProfile } from '../../support/sut/sut-profile';

const reference = JSON.parse(fs.readFileSync(DEFAULT_PROFILE, 'utf8')) as Record<string, unknown>;

test('the reference profile is valid and names the suite version it ships with', () => {
  const profile = loadSutProfile(DEFAULT_PROFILE);
  assert.equal(profile.name, 'simple-im-reference');
  assert.equal(profile.version, SUITE.version, 'bump suts/reference.json with package.json');
  assert.deepEqual(profile.ics.transports, ['udp', 'tcp', 'tls']);
  assert.deepEqual(profile.ics.ipVersions, ['4', '6']);
  assert.equal(profile.ics.tlsClientCertificate, true);
});

// The profile as loose JSON, to break one field at a time.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

const broken: Array<[string, (p: Loose) => void, RegExp]> = [
  ['unknown adapter', (p) => (p.adapter = 'carrier-pigeon'), /field "adapter"/],
  ['empty command', (p) => (p.process.command = []), /field "process.command"/],
  ['malformed user URI', (p) => (p.ixit.userUri = 'alice@example.invalid'), /field "ixit.userUri".*SIP URI/],
  ['non-loopback address', (p) => (p.ixit.localHost = '10.0.0.7'), /field "ixit.localHost".*loopback/],
  ['unknown transport', (p) => (p.ics.transports = ['sctp']), /field "ics.transports"/],
  ['missing name', (p) => delete p.name, /field "name"/],
  // The schema's wording (support/sut/schema-error.ts): the field's path, what it must be, what was seen.
  ['missing command under adapter "command"', (p) => (p.adapter = 'command'), /field "command" must be an object$/],
  ['an empty command.rejoin', (p) => ((p.adapter = 'command'), (p.command = { rejoin: '' })), /field "command\.rejoin" must be a non-empty string \(got ""\)$/],
  ['a readyPattern without start', (p) => (p.command = { rejoin: 'x', readyPattern: 'ready' }), /field "command\.readyPattern" needs command\.start as well$/],
  ['a readyPattern that is no regular expression', (p) => (p.command = { rejoin: 'x', start: 'y', readyPattern: '(' }), /field "command\.readyPattern" must be a regular expression: Invalid regular expression: \/\(\/: Unterminated group$/],
  ['a number for an IP version', (p) => (p.ics.ipVersions = [4]), /field "ics\.ipVersions" must list one or more of "4" and "6" \(the list has 4\)$/],
  ['a T1 of zero', (p) => (p.ixit.t1Ms = 0), /field "ixit\.t1Ms" must be a positive number of milliseconds \(got 0\)$/],
  ['a string for a timeout', (p) => (p.ixit.inviteTimeoutMs = '5000'), /field "ixit\.inviteTimeoutMs" must be a positive number of milliseconds \(got "5000"\)$/],
  ['an unknown SIP/IP Core', (p) => (p.ics.sipIpCore = 'volte'), /field "ics\.sipIpCore" must be "plain" or "ims" \(got "volte"\)$/],
  ['a test bed host that is no address', (p) => (p.testBed = { host: 'localhost' }), /field "testBed\.host" must be an IP address \(got "localhost"\)$/],
  ['an IPv4 address for localHost6', (p) => (p.ixit.localHost6 = '127.0.0.2'), /field "ixit\.localHost6" must be an IPv6 address \(got "127\.0\.0\.2"\)$/],
  ['an ICSI that is no URN', (p) => (p.ixit.ims = { icsi: 'oma.cpm.session' }), /field "ixit\.ims\.icsi" must be a URN \(got "oma\.cpm\.session"\)$/],
  ['an env name that is no variable name', (p) => (p.env = { 'IM-SIP-CORE': 'ims' }), /field "env\.IM-SIP-CORE" is not a variable name/],
  ['an env value that is no string', (p) => (p.env = { IM_T1: 500 }), /field "env\.IM_T1" must be a string \(got 500\)$/],
  ['testBed.tls without its key', (p) => (p.testBed = { tls: { certificate: 'c.pem', ca: 'ca.pem' } }), /field "testBed\.tls\.key" must be a non-empty string$/],
];
for (const [what, breakIt, message] of broken) {
  test(`a profile with ${what} is refused with a message naming the field`, () => {
    const p = structuredClone(reference) as Loose;
    breakIt(p);
    assert.throws(() => validateSutProfile(p, 'bad.json'), (e: Error) => {
      assert.match(e.message, /^SUT profile bad\.json: field "[^"]+" [^\n]+$/, 'one line naming the field');
      assert.match(e.message, message);
      return true;
    });
  });
}

test('a profile that is not an object is refused as the root field', () => {
  assert.throws(() => validateSutProfile([], 'bad.json'), /field "\(root\)" must be an object \(got \[\]\)/);
  assert.throws(() => validateSutProfile(null, 'bad.json'), /field "\(root\)" must be an object/);
});

test('a profile file that is not JSON is refused, naming the file', () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sut-')), 'p.json');
  fs.writeFileSync(file, '{ name: ');
  assert.throws(() => loadSutProfile(file), /p\.json.*cannot be read as JSON/);
});

test('testBed.tlsPort: a port number, not testBed.port', () => {
  const base = JSON.parse(JSON.stringify(reference)) as Loose;
  assert.equal(validateSutProfile({ ...base, testBed: { port: 5090, tlsPort: 5091 } }, 'p.json').testBed.tlsPort, 5091);
  assert.throws(() => validateSutProfile({ ...base, testBed: { port: 5090, tlsPort: 5090 } }, 'p.json'), /field "testBed.tlsPort" must differ from testBed.port \(5090\)/);
  assert.throws(() => validateSutProfile({ ...base, testBed: { tlsPort: 0 } }, 'p.json'), /field "testBed.tlsPort" must be a whole number from 1 to 65535 \(got 0\)/);
});
