import type { RecordedMessage } from '../sip/recorded-message';
import { bodyLineNumber } from '../checks/finding';
import type { Finding } from '../verdict';

/**
 * The SDP offer (the client's INVITE) and answer (the IM Server's 2xx) side by side, line by
 * line, with "!!" before a line a check FAILed, so a reviewer sees the negotiation at a glance.
 */
export function sdpSideBySide(invite: RecordedMessage | undefined, answer: RecordedMessage | undefined, findings: readonly Finding[] = []): string {
  const offer = bodyLines(invite);
  const other = bodyLines(answer);
  const marked = new Set(
    findings
      .filter((f) => f.verdict === 'FAIL' && invite && f.messageSeq === invite.seq && f.line)
      .map((f) => f.line!.number - bodyLineNumber(invite!, 0)),
  );
  const width = Math.max(24, ...offer.map((l) => l.length + 4));
  const rows = [`${'offer (client, INVITE' + (invite ? ` #${invite.seq}` : '') + ')'}`.padEnd(width) + `answer (IM Server, 2xx${answer ? ` #${answer.seq}` : ''})`];
  rows.push('-'.repeat(width - 2).padEnd(width) + '-'.repeat(40));
  for (let i = 0; i < Math.max(offer.length, other.length); i++) {
    const left = offer[i] === undefined ? '' : `${marked.has(i) ? '!! ' : '   '}${offer[i]}`;
    rows.push(left.padEnd(width) + (other[i] ?? ''));
  }
  if (offer.length === 0) rows.push('(the INVITE carries no SDP)');
  return rows.join('\n') + '\n';
}

function bodyLines(m: RecordedMessage | undefined): string[] {
  if (!m?.sip || m.sip.body.length === 0) return [];
  return m.sip.body.toString('utf8').split(/\r?\n/).filter((l) => l !== '');
}
