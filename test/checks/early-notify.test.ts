import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkEarlyNotifyAccepted } from '../../support/checks/early-notify';
import { recorded, sipText } from '../helpers/messages';

test('RB-06: a 2xx to the early NOTIFY passes; 481 or no answer FAILs', () => {
  const notify = recorded(sipText(['NOTIFY sip:alice@127.0.0.2 SIP/2.0', 'Call-ID: s', 'CSeq: 1 NOTIFY']), { seq: 5, direction: 'to-client' });
  const answer = (status: string) => recorded(sipText([`SIP/2.0 ${status}`, 'Call-ID: s', 'CSeq: 1 NOTIFY']), { seq: 6 });
  assert.equal(checkEarlyNotifyAccepted({ notify, response: answer('200 OK') })[0].verdict, 'PASS');
  const refused = checkEarlyNotifyAccepted({ notify, response: answer('481 Call/Transaction Does Not Exist') })[0];
  assert.equal(refused.verdict, 'FAIL');
  assert.match(refused.summary, /481/);
  assert.equal(checkEarlyNotifyAccepted({ notify })[0].verdict, 'FAIL');
});
