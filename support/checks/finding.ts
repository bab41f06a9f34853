import { headerSectionEnd } from '../sip/sip-parser';
import type { RecordedMessage } from '../sip/recorded-message';
import type { HeaderLine, SipMessage } from '../sip/sip-message';
import type { Finding } from '../verdict';

/**
 * Builders every check uses, so findings read alike: the summary starts with
 * "<requirement> <VERDICT>: " and names what was seen; `expected`, `seen` and the offending
 * `line` of message `messageSeq` carry the detail.
 */
export interface FindingDetail {
  expected?: string;
  seen?: string;
  line?: { number: number; text: string };
  messageSeq?: number;
}

export function pass(requirement: string, check: string, summary: string, detail: FindingDetail = {}): Finding {
  return { requirement, check, verdict: 'PASS', summary: `${requirement} PASS: ${summary}`, ...detail };
}

export function fail(requirement: string, check: string, summary: string, detail: FindingDetail = {}): Finding {
  return { requirement, check, verdict: 'FAIL', summary: `${requirement} FAIL: ${summary}`, ...detail };
}

export function inconclusive(requirement: string, check: string, summary: string, detail: FindingDetail = {}): Finding {
  return { requirement, check, verdict: 'INCONC', summary: `${requirement} INCONC: ${summary}`, ...detail };
}

/** The `line` of a finding about a header: its line number in the message and its wire text. */
export function headerLine(header: HeaderLine): { number: number; text: string } {
  return { number: header.lineNumber, text: header.raw.split(/\r?\n/)[0] };
}

/** The `line` of a finding about the start line (Request-Line or Status-Line). */
export function startLine(message: RecordedMessage): { number: number; text: string } {
  return { number: 1, text: message.sip?.startLine ?? message.bytes.toString('latin1').split(/\r?\n/)[0] };
}

/**
 * The message line number of the body's line `index` (0-based): the start line, the header
 * lines (folded ones count each physical line) and the empty line come first.
 */
export function bodyLineNumber(message: RecordedMessage, index: number): number {
  const section = message.sip ? headerSectionEnd(message.bytes) : undefined;
  if (!section) return index + 1;
  // Every line of the header section counts, malformed and folded ones too.
  const headLines = message.bytes.subarray(0, section.headEnd).toString('latin1').split('\n').length;
  return headLines + 1 + index + 1;
}

/**
 * For a message the suite could not parse: the requirement that owns the message's syntax (RJ-01
 * for the INVITE, RJ-05 for the ACK, RJ-08 for the SUBSCRIBE) FAILs, with the parser's reason
 * and the first line of the bytes; every other requirement cannot read what it judges and is
 * INCONC, naming that FAIL (the attribution rule, docs/INTERPRETING.md).
 */
export function unparsable(requirement: string, check: string, message: RecordedMessage, what: string, owner: string): Finding {
  const why = message.parseError ?? 'no parse';
  const detail = { expected: 'a well-formed SIP message (RFC 3261 section 7)', seen: `unparsable message of ${message.bytes.length} bytes`, line: startLine(message), messageSeq: message.seq };
  return requirement === owner
    ? fail(requirement, check, `the client's message #${message.seq} is not a SIP message the suite can read (${why}), so ${what} cannot be judged`, detail)
    : inconclusive(requirement, check, `${what} cannot be read: the client's message #${message.seq} is not a SIP message the suite can read (${why}; ${owner} FAILs it)`, detail);
}

/**
 * A header a check needs is absent from a message that has malformed lines: it may be one of
 * them. That is the message's syntax, which `owner` FAILs; here it is INCONC, naming the line.
 */
export function unreadableHeader(requirement: string, check: string, message: SipMessage, seq: number, name: string, owner: string): Finding | undefined {
  const bad = message.malformed;
  if (bad.length === 0) return undefined;
  const lines = bad.map((b) => b.lineNumber).join(', ');
  return inconclusive(requirement, check, `no ${name} header can be read: line ${lines} of message #${seq} is malformed (${bad[0].reason}), which ${owner} FAILs, and may have been it`, {
    expected: `a ${name} header`,
    seen: `malformed line ${lines}`,
    line: { number: bad[0].lineNumber, text: bad[0].text },
    messageSeq: seq,
  });
}
