import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkOkRetransmitted } from '../../support/checks/ok-retransmitted';
import { ok, request } from '../helpers/dialog';

test('RB-04: every copy of the 2xx ACKed passes; a copy followed by no ACK FAILs, naming it; no 2xx is INCONC', () => {
  const copies = [ok({}, 2), ok({}, 4)];
  assert.equal(checkOkRetransmitted({ finals: copies, acks: [request('ACK', 3), request('ACK', 5)] })[0].verdict, 'PASS');
  const [f] = checkOkRetransmitted({ finals: copies, acks: [request('ACK', 3)] });
  assert.equal(f.verdict, 'FAIL');
  assert.equal(f.check, 'ack-each-retransmission');
  assert.match(f.summary, /^RB-04 FAIL: the copy of the 200 OK sent as message #4 was not acknowledged/);
  assert.equal(checkOkRetransmitted({ finals: [], acks: [] })[0].verdict, 'INCONC');
});
