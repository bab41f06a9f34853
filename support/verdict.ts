/**
 * Verdicts and findings: the vocabulary every check, step and report shares.
 * PASS, FAIL, INCONC (the scenario never reached the point where the requirement is judged),
 * N/A (the requirement does not apply to this client per its declared capabilities).
 */
export type Verdict = 'PASS' | 'FAIL' | 'INCONC' | 'N/A';

/** The line of a recorded message a finding is about (1-based, as shown in the trace). */
export interface OffendingLine {
  number: number;
  text: string;
}

/** One judgement of one check against what crossed the wire. */
export interface Finding {
  /** Catalogue id, e.g. "RJ-02". */
  requirement: string;
  /** Short name of the check or sub-check, e.g. "request-uri". */
  check: string;
  verdict: Verdict;
  /** One readable sentence a lab engineer can paste into a report. */
  summary: string;
  expected?: string;
  seen?: string;
  line?: OffendingLine;
  /** Sequence number of the recorded message the finding is about. */
  messageSeq?: number;
  /** Set when the SUT profile waived this sub-check's FAIL: the reason on record. */
  waived?: string;
}
