import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MockImServer } from '../../support/im-server/mock-im-server';
import { TraceRecorder } from '../../support/im-server/trace-recorder';
import { WireQueries } from '../../support/scenario/wire-queries';
import type { SutProfile } from '../../support/sut/sut-profile';
import { INVITE_MSG, ok, request as dialogRequest } from '../helpers/dialog';
import { inviteLines, sipText } from '../helpers/messages';

const IXIT: SutProfile['ixit'] = { userUri: 'sip:alice@example.invalid', localHost: '127.0.0.2', localHost6: '::1', inviteTimeoutMs: 5000, eventTimeoutMs: 2000, t1Ms: 50 };

/** A test bed of one recorder: the queries wait on it as they wait on an IM Server. */
function bed(): { recorder: TraceRecorder; wire: WireQueries } {
  const recorder = new TraceRecorder();
  const server = { trace: recorder.trace, waitFor: recorder.waitFor.bind(recorder) } as unknown as MockImServer;
  const source = { servers: [server], server, get judgedTrace() { return recorder.trace.filter((m) => m.stray === undefined); } };
  return { recorder, wire: new WireQueries(source, IXIT, (reason) => assert.fail(reason)) };
}

const CLIENT = { host: '127.0.0.2', port: 5070 };
const BED = { host: '127.0.0.1', port: 5060 };
const request = (method: string) => sipText(inviteLines((l) => [`${method} sip:conf-42@conference.example.invalid SIP/2.0`, ...l.slice(1)]));

test('the quiet window sees every request that arrives within it, measured from the message it follows, and nothing after', async () => {
  const { recorder, wire } = bed();
  const ack = recorder.record('from-client', 'udp', CLIENT, BED, request('ACK'));
  setTimeout(() => recorder.record('from-client', 'udp', CLIENT, BED, request('SUBSCRIBE')), 20);
  setTimeout(() => recorder.record('from-client', 'udp', CLIENT, BED, request('BYE')), 60);
  setTimeout(() => recorder.record('from-client', 'udp', CLIENT, BED, request('INVITE')), 400);
  const seen = await wire.requestsWithin(ack, 200);
  assert.deepEqual(seen.map((m) => m.sip?.method), ['SUBSCRIBE', 'BYE']);
  const waited = Date.now() - ack.at;
  assert.ok(waited >= 195 && waited < 390, `the window ends at its bound (${waited} ms)`);
});

test('a window that has passed already is not waited for again', async () => {
  const { recorder, wire } = bed();
  const ack = { ...recorder.record('from-client', 'udp', CLIENT, BED, request('ACK')), at: Date.now() - 1000 };
  const started = Date.now();
  assert.deepEqual(await wire.requestsWithin(ack, 200), []);
  assert.ok(Date.now() - started < 50);
});

test('the ACKs are waited for until the last copy of the 2xx has one after it, not only until the count is reached', async () => {
  const { recorder, wire } = bed();
  const invite = recorder.record('from-client', 'udp', CLIENT, BED, INVITE_MSG.bytes);
  recorder.record('to-client', 'udp', BED, CLIENT, ok().bytes);
  recorder.record('from-client', 'udp', CLIENT, BED, dialogRequest('ACK', 3).bytes);
  // The copy went out while the ACK was on its way; the client's next ACK answers it.
  recorder.record('to-client', 'udp', BED, CLIENT, ok().bytes);
  setTimeout(() => recorder.record('from-client', 'udp', CLIENT, BED, dialogRequest('ACK', 3).bytes), 30);
  assert.equal((await wire.acksFor(invite)).length, 2);
});

test("a stray request (of no dialog of the scenario) is never the client's answer: the quiet window and the BYE waited for skip it", async () => {
  const { recorder, wire } = bed();
  recorder.record('from-client', 'udp', CLIENT, BED, INVITE_MSG.bytes);
  recorder.record('to-client', 'udp', BED, CLIENT, ok().bytes);
  // An earlier scenario's client, from its own port.
  const EARLIER = { host: CLIENT.host, port: 6080 };
  const earlier = { callId: 'an-earlier-scenario@127.0.0.2', toTag: 'old' };
  const ack = recorder.record('from-client', 'udp', CLIENT, BED, dialogRequest('ACK', 3).bytes);
  setTimeout(() => recorder.record('from-client', 'udp', EARLIER, BED, dialogRequest('BYE', 4, { ...earlier, cseq: '2 BYE' }).bytes), 10);
  assert.deepEqual(await wire.requestsWithin(ack, 100), [], 'a stray in the quiet window is no request of the client');
  setTimeout(() => recorder.record('from-client', 'udp', EARLIER, BED, dialogRequest('BYE', 5, { ...earlier, cseq: '3 BYE' }).bytes), 5);
  setTimeout(() => recorder.record('from-client', 'udp', CLIENT, BED, dialogRequest('BYE', 6, { cseq: '2 BYE' }).bytes), 20);
  const bye = await wire.requestFromClient('BYE', ack.seq);
  assert.equal(bye?.stray, undefined);
  assert.equal(bye?.seq, 6);
  assert.equal(recorder.trace.filter((m) => m.stray).length, 2, 'both strays are in the trace, marked');
});
