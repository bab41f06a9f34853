import type { RecordedMessage } from '../sip/recorded-message';
import { findHeaders, headerValues } from '../sip/sip-parser';
import type { Finding } from '../verdict';
import { fail, headerLine, inconclusive, pass, startLine } from './finding';

const RJ06 = 'RJ-06';

/**
 * RJ-06: "the IM Client SHALL store the list of SIP methods supported by the IM Server, if
 * received in the Allow header" of the 200 OK. Seen from outside: no later request uses a method
 * that list lacks; and, where the client answers `state`, the stored list itself.
 */
export const ALLOW_CHECKS = ['no-method-outside-allow', 'state-allow'] as const;

// ACK and CANCEL belong to the INVITE transaction the 200 OK answers, not to the session's
// own requests; a server that leaves them out of Allow does not forbid them.
const EXEMPT = new Set(['ACK', 'CANCEL']);

export function checkAllowedMethods(x: { ok: RecordedMessage; later: RecordedMessage[]; state?: { allow: string[] | null } }): Finding[] {
  if (!x.ok.sip) return [inconclusive(RJ06, 'no-method-outside-allow', 'the test bed sent no readable 200 OK')];
  const lines = findHeaders(x.ok.sip, 'Allow');
  const allowed = headerValues(x.ok.sip, 'Allow');
  const list = allowed.join(', ');
  const findings: Finding[] = [];
  if (x.later.length === 0) {
    // Nothing came after the 200 OK (not even the BYE of the leave): nothing shows what was kept.
    findings.push(
      inconclusive(RJ06, 'no-method-outside-allow', 'the client sent no request after the 200 OK, so which methods it kept cannot be seen', {
        expected: lines.length === 0 ? 'any later request (the 200 OK had no Allow)' : `later requests using only methods of Allow: ${list}`,
        seen: 'no later request',
        messageSeq: x.ok.seq,
      }),
    );
  } else if (lines.length === 0) {
    findings.push(pass(RJ06, 'no-method-outside-allow', `the 200 OK had no Allow header, so there was no list to keep ("if received"); the client went on (${x.later.map((m) => m.sip?.method).join(', ')})`, { expected: 'any method', seen: 'no Allow in the 200 OK', messageSeq: x.ok.seq }));
  } else {
    const outside = x.later.find((m) => m.sip?.method && !EXEMPT.has(m.sip.method) && !allowed.includes(m.sip.method));
    findings.push(
      outside
        ? fail(RJ06, 'no-method-outside-allow', `the client sent ${outside.sip!.method} (message #${outside.seq}), a method the 200 OK's Allow (${list}) does not list`, {
            expected: `only methods of Allow: ${list}`,
            seen: outside.sip!.startLine,
            line: startLine(outside),
            messageSeq: outside.seq,
          })
        : pass(RJ06, 'no-method-outside-allow', `every later request (${x.later.map((m) => m.sip?.method).join(', ')}) uses a method of Allow: ${list}`, {
            expected: `only methods of Allow: ${list}`,
            seen: x.later.map((m) => m.sip?.method).join(', '),
            line: headerLine(lines[0]),
            messageSeq: x.ok.seq,
          }),
    );
  }
  if (x.state) {
    const kept = x.state.allow;
    const want = new Set(allowed);
    const got = new Set(kept ?? []);
    const same = want.size === got.size && [...want].every((m) => got.has(m));
    const seen = kept === null ? 'null' : kept.join(', ') || '(empty)';
    findings.push(
      same
        ? pass(RJ06, 'state-allow', `the client reports the kept methods ${seen}`, { expected: list || 'nothing kept', seen, messageSeq: x.ok.seq })
        : fail(RJ06, 'state-allow', `the client reports the kept methods ${seen}, not the 200 OK's Allow (${list || 'none'})`, { expected: list || 'nothing kept', seen, messageSeq: x.ok.seq }),
    );
  }
  return findings;
}
