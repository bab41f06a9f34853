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
];
for (const [what, breakIt, message] of broken) {
  test(`a profile with ${what} is refused with a message naming the field`, () => {
    const p = structuredClone(reference) as Loose;
    breakIt(p);
    assert.throws(() => validateSutProfile(p, 'bad.json'), message);
  });
}

test('a profile file that is not JSON is refused, naming the file', () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sut-')), 'p.json');
  fs.writeFileSync(file, '{ name: ');
  assert.throws(() => loadSutProfile(file), /p\.json.*cannot be read as JSON/);
});

test('testBed.tlsPort: a port number, not testBed.port', () => {
  const base = JSON.parse(JSON.stringify(reference)) as Loose;
  assert.equal(validateSutProfile({ ...base, testBed: { port: 5090, tlsPort: 5091 } }, 'p.json').testBed.tlsPort, 5091);
  assert.throws(() => validateSutProfile({ ...base, testBed: { port: 5090, tlsPort: 5090 } }, 'p.json'), /field "testBed.tlsPort" must differ from testBed.port \(5090\)/);
  assert.throws(() => validateSutProfile({ ...base, testBed: { tlsPort: 0 } }, 'p.json'), /field "testBed.tlsPort" must be a port number/);
});
