import type { CheckCall, CheckName } from '../checks/registry';
import type { RecordedMessage } from '../sip/recorded-message';
import { parseRecorded } from '../sip/sip-parser';

/**
 * The evidence bundle's format for what crossed the wire and what a check was given
 * (docs/evidence.md). A message is kept as its raw bytes with how they crossed; what the test bed
 * parsed of them is not kept, it is parsed again from the bytes (rejudge does the same).
 */
export interface MessageEvidence {
  seq: number;
  /** ms since the epoch, as the socket event came. */
  at: number;
  direction: RecordedMessage['direction'];
  transport: RecordedMessage['transport'];
  protocol: 'sip' | 'msrp' | 'keep-alive' | 'tls-handshake';
  source: RecordedMessage['source'];
  destination: RecordedMessage['destination'];
  /**
   * The bytes, one character per byte (ISO-8859-1), so SIP reads as text and any byte survives
   * (over TLS, the plaintext the TLS layer carried; a failed handshake, what the client sent).
   */
  text: string;
  /** Bytes the stream had after this message and before the next start line, as `text`. */
  strayAfter?: string;
  frameError?: string;
  /** What the test bed's parser said of the bytes in the run (informative: rejudge parses again). */
  parseError?: string;
  tls?: Omit<NonNullable<RecordedMessage['tls']>, 'clientCertificate'> & { clientCertificate?: Omit<NonNullable<NonNullable<RecordedMessage['tls']>['clientCertificate']>, 'der'> & { der: string } };
  tlsError?: string;
  tlsUnfinished?: true;
  /** Why the test bed took it for stray (of no dialog or transaction of the scenario): recorded, never judged. */
  stray?: string;
}

export function messageEvidence(m: RecordedMessage): MessageEvidence {
  const e: MessageEvidence = {
    seq: m.seq,
    at: m.at,
    direction: m.direction,
    transport: m.transport,
    protocol: m.protocol ?? 'sip',
    source: { ...m.source },
    destination: { ...m.destination },
    text: m.bytes.toString('latin1'),
  };
  if (m.strayAfter) e.strayAfter = m.strayAfter.toString('latin1');
  if (m.frameError !== undefined) e.frameError = m.frameError;
  if (m.parseError !== undefined) e.parseError = m.parseError;
  if (m.tls) {
    const { clientCertificate: c, ...tls } = m.tls;
    e.tls = { ...tls, ...(c ? { clientCertificate: { ...c, der: c.der.toString('base64') } } : {}) };
  }
  if (m.tlsError !== undefined) e.tlsError = m.tlsError;
  if (m.tlsUnfinished) e.tlsUnfinished = true;
  if (m.stray !== undefined) e.stray = m.stray;
  return e;
}

/** The message again, its bytes parsed anew by this suite's parser. */
export function recordedMessageOf(e: MessageEvidence): RecordedMessage {
  const m: RecordedMessage = { seq: e.seq, at: e.at, direction: e.direction, transport: e.transport, source: { ...e.source }, destination: { ...e.destination }, bytes: Buffer.from(e.text, 'latin1') };
  if (e.protocol !== 'sip') m.protocol = e.protocol;
  if (e.strayAfter !== undefined) m.strayAfter = Buffer.from(e.strayAfter, 'latin1');
  if (e.frameError !== undefined) m.frameError = e.frameError;
  if (e.tls) {
    const { clientCertificate: c, ...tls } = e.tls;
    m.tls = { ...tls, ...(c ? { clientCertificate: { ...c, der: Buffer.from(c.der, 'base64') } } : {}) };
  }
  if (e.tlsError !== undefined) m.tlsError = e.tlsError;
  if (e.tlsUnfinished) m.tlsUnfinished = true;
  if (e.stray !== undefined) m.stray = e.stray;
  return Object.assign(m, parseRecorded(m));
}

/**
 * A check's input as the evidence keeps it: JSON, with each recorded message a reference to the
 * scenario's messages (`{"$message": seq}`, with how many stray bytes it had then, as a message
 * can gain them later), `{"$undefined": true}` and `{"$buffer": base64}` for what JSON lacks.
 */
export type EncodedValue = unknown;

export interface EncodedCheckCall {
  check: CheckName;
  args: EncodedValue[];
  only?: string;
  except?: string[];
}

export function encodeCheckCall(call: CheckCall, trace: readonly RecordedMessage[]): EncodedCheckCall {
  const bySeq = new Map(trace.map((m) => [m.seq, m]));
  const encode = (v: unknown): EncodedValue => {
    if (v === undefined) return { $undefined: true };
    if (v === null || typeof v !== 'object') return v;
    if (Buffer.isBuffer(v)) return { $buffer: v.toString('base64') };
    if (Array.isArray(v)) return v.map(encode);
    const seq = (v as Partial<RecordedMessage>).seq;
    if (typeof seq === 'number' && bySeq.get(seq) === v) {
      const stray = (v as RecordedMessage).strayAfter?.length;
      return stray ? { $message: seq, strayBytes: stray } : { $message: seq };
    }
    if (Buffer.isBuffer((v as Partial<RecordedMessage>).bytes)) throw new Error(`test-bed error: a check was given message #${String(seq)}, which is not in the scenario's trace`);
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, encode(x)]));
  };
  return { check: call.check, args: call.args.map(encode), ...(call.only !== undefined ? { only: call.only } : {}), ...(call.except ? { except: [...call.except] } : {}) };
}

/** The call again, its messages the scenario's (by seq) as `messages` gives them. */
export function decodeCheckCall(call: EncodedCheckCall, messages: ReadonlyMap<number, RecordedMessage>): CheckCall {
  const earlier = new Map<string, RecordedMessage>();
  const decode = (v: EncodedValue): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map(decode);
    const o = v as Record<string, unknown>;
    if (o.$undefined === true) return undefined;
    if (typeof o.$buffer === 'string') return Buffer.from(o.$buffer, 'base64');
    if (typeof o.$message === 'number') {
      const m = messages.get(o.$message);
      if (!m) throw new Error(`the evidence names message #${o.$message}, which its messages lack`);
      const stray = typeof o.strayBytes === 'number' ? o.strayBytes : 0;
      if (!m.strayAfter || m.strayAfter.length === stray) return m;
      // The message as the check saw it, with the stray bytes it had then: one object per moment,
      // as checks may compare messages by identity.
      const key = `${m.seq}:${stray}`;
      let then = earlier.get(key);
      if (!then) {
        then = { ...m };
        if (stray > 0) then.strayAfter = m.strayAfter.subarray(0, stray);
        else delete then.strayAfter;
        earlier.set(key, then);
      }
      return then;
    }
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, decode(x)]));
  };
  return { check: call.check, args: call.args.map(decode), ...(call.only !== undefined ? { only: call.only } : {}), ...(call.except ? { except: call.except } : {}) };
}
