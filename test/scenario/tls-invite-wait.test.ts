import assert from 'node:assert/strict';
import * as net from 'node:net';
import { test } from 'node:test';
import * as tls from 'node:tls';
import { MockImServer } from '../../support/im-server/mock-im-server';
import { UserActions } from '../../support/scenario/user-actions';
import { WireQueries } from '../../support/scenario/wire-queries';
import { loadSutProfile } from '../../support/sut/sut-profile';
import { tlsMaterial } from '../../support/tls/test-pki';
import { testBedTls } from '../../support/tls/tls-socket';
import { inviteLines, sipText } from '../helpers/messages';

/**
 * What the wait for the rejoin INVITE makes of TLS trouble: a failed handshake followed by a
 * working connection is judged on the INVITE; one alone, or a handshake that stalls, is INCONC
 * naming the connection. Real sockets against the IM Server's TLS port; the bounds are short.
 */
const profile = loadSutProfile();
const ixit = { ...profile.ixit, inviteTimeoutMs: 600, eventTimeoutMs: 400 };

async function bed(): Promise<{ server: MockImServer; actions: UserActions; caPem: string; verdict: { reason?: string } }> {
  const material = await tlsMaterial({ serverHosts: ['127.0.0.1'], clientHosts: ['127.0.0.2'], clientUri: 'sip:alice@example.invalid' });
  const server = await MockImServer.start({ host: '127.0.0.1', t1Ms: 50, tls: testBedTls(material, false) });
  const verdict: { reason?: string } = {};
  const inconclusive = (reason: string): never => {
    verdict.reason = reason;
    throw new Error(`INCONC: ${reason}`);
  };
  const target = { sut: undefined, servers: [server], server, get judgedTrace() { return server.trace.filter((m) => m.stray === undefined); }, get wire() { return server.wire; }, pendingTlsHandshakes: () => server.pendingTlsHandshakes() };
  const wire = new WireQueries(target, ixit, inconclusive);
  return { server, actions: new UserActions(target, { ...profile, ixit }, wire, inconclusive), caPem: material.caPem, verdict };
}

const INVITE = sipText(inviteLines((l) => l));

test('plain text on the TLS port, then a TLS connection that works: the INVITE that came is judged', async (t) => {
  const { server, actions, caPem } = await bed();
  t.after(() => server.stop());
  const plain = net.connect(server.tlsPort!, '127.0.0.1', () => plain.write(INVITE));
  plain.on('error', () => undefined);
  await server.waitFor((m) => m.protocol === 'tls-handshake', 1000);
  const retry = tls.connect({ host: '127.0.0.1', port: server.tlsPort!, ca: caPem }, () => retry.write(INVITE));
  t.after(() => retry.destroy());
  const invite = await actions.rejoinInvite();
  assert.equal(invite.sip?.method, 'INVITE');
  assert.equal(invite.transport, 'tls');
});

test('plain text on the TLS port and nothing more: INCONC with the TLS reason', async (t) => {
  const { server, actions, verdict } = await bed();
  t.after(() => server.stop());
  const plain = net.connect(server.tlsPort!, '127.0.0.1', () => plain.write(INVITE));
  plain.on('error', () => undefined);
  await assert.rejects(actions.rejoinInvite());
  assert.match(verdict.reason!, /failed before any SIP message \(message #1, \d+ bytes from the client\): TLS handshake failed: wrong version number/);
});

test('a handshake that stalls after its first bytes: INCONC at the INVITE timeout, naming the connection and what it sent', async (t) => {
  const { server, actions, verdict } = await bed();
  t.after(() => server.stop());
  const stalled = net.connect(server.tlsPort!, '127.0.0.1', () => stalled.write(Buffer.from([0x16, 0x03, 0x01])));
  stalled.on('error', () => undefined);
  t.after(() => stalled.destroy());
  await assert.rejects(actions.rejoinInvite());
  assert.match(verdict.reason!, /the client sent no INVITE within 600 ms: its TLS connection \d+ to the SIP\/IP Core sent 3 bytes and did not finish the TLS handshake in \d+ ms/);
});
