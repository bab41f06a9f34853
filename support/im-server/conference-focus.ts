import { findHeaders, headerValue } from '../sip/sip-parser';
import type { SipMessage } from '../sip/sip-message';
import type { Transport } from '../sip/recorded-message';
import { answerSubscribe } from './conference-subscription';
import { InviteServerTransaction, type Later } from './invite-server-transaction';
import { DEFAULT_INVITE_SCRIPT, type InviteScript } from './invite-script';
import type { MsrpEndpoint } from './msrp-endpoint';
import { buildResponse, newTag } from './responses';
import { answerOffer } from './sdp-answerer';
import type { SipIpCore } from './sip-ip-core';
import type { Reply } from './sip-transport';

/**
 * The IM Server role: the conference focus (RFC 4579) that answers the rejoin INVITE as the
 * scenario's script says (100 Trying, then the final response; a 2xx with the focus's Contact
 * marked `isfocus`, Allow and an SDP answer to the offer that was made), accepts the requests of
 * the session (BYE, UPDATE, …) and the conference subscription. What reaches it has come
 * through the SIP/IP Core, whose Record-Route it carries in its dialog-creating messages.
 */
export class ConferenceFocus {
  private plan: InviteScript = { ...DEFAULT_INVITE_SCRIPT };
  private readonly invites = new Map<string, InviteServerTransaction>();
  /** The To tag of each dialog, by Call-ID, for the 200 OK to its in-dialog requests. */
  private readonly dialogs = new Map<string, string>();
  private initialInvites = 0;
  /** Whether the script's lost first INVITE (loseFirstInvite) has come and been dropped. */
  private firstInviteLost = false;

  constructor(
    private readonly o: { host: string; portOf: (transport: Transport) => number; core: SipIpCore; msrp: MsrpEndpoint; t1: number; t2: number; later: Later },
  ) {}

  /** Sets what the focus answers to the next INVITEs; unset fields keep their defaults. */
  script(changes: Partial<InviteScript>): void {
    this.plan = { ...DEFAULT_INVITE_SCRIPT, ...this.plan, ...stripUndefined(changes) };
  }

  /** `stray`: the request belongs to no dialog or transaction of the scenario (scenario-dialogs.ts). */
  request(request: SipMessage, transport: Transport, send: Reply, stray = false): void {
    const callId = headerValue(request, 'Call-ID');
    const cseq = /^(\d+)\s+(\S+)$/.exec(headerValue(request, 'CSeq') ?? '');
    // Without these no response can be matched to the request: the checks judge it as it is.
    if (!callId || !cseq || findHeaders(request, 'Via').length === 0) return;
    if (stray) {
      // As a UAS does for a request of no dialog or transaction it has (RFC 3261 12.2.2, 9.2);
      // an ACK is never answered.
      if (request.method !== 'ACK') send(buildResponse(request, { status: 481 }));
      return;
    }
    const key = `${callId} ${cseq[1]}`;
    switch (request.method) {
      case 'INVITE':
        return this.invite(request, key, callId, transport, send);
      case 'ACK':
        return this.invites.get(key)?.ack();
      case 'SUBSCRIBE':
        return answerSubscribe(request, { host: this.o.host, port: this.o.portOf(transport), transport, notify: this.plan.notify, recordRoute: this.recordRoutes(transport, request) }, send);
      default:
        // BYE, UPDATE, ...: accepted; the checks judge what the client sent.
        send(buildResponse(request, { status: 200, toTag: this.dialogs.get(callId) ?? newTag() }));
        return;
    }
  }

  stop(): void {
    for (const tx of this.invites.values()) tx.stop();
  }

  private invite(request: SipMessage, key: string, callId: string, transport: Transport, send: Reply): void {
    if (this.plan.loseFirstInvite && !this.firstInviteLost) {
      // "Lost on the way": recorded (it did cross the wire to here), then ignored as if it never
      // came, so only the client's retransmission starts the transaction.
      this.firstInviteLost = true;
      return;
    }
    const existing = this.invites.get(key);
    if (existing) return existing.retransmittedInvite();
    // An INVITE with a To tag is a re-INVITE of a dialog; only initial ones count for laterInvites.
    const initial = !/;\s*tag=/i.test(headerValue(request, 'To') ?? '');
    if (initial) this.initialInvites++;
    const script: InviteScript =
      initial && this.initialInvites > 1 && this.plan.laterInvites ? { ...this.plan, ...stripUndefined(this.plan.laterInvites) } : this.plan;
    const tx = new InviteServerTransaction(newTag(), send, { t1: this.o.t1, t2: this.o.t2, later: this.o.later }, script.dropFirstAck);
    this.invites.set(key, tx);
    this.dialogs.set(callId, tx.toTag);
    if (script.silent) return;

    tx.respond(buildResponse(request, { status: 100 }));
    this.o.later(script.delayMs, () => this.finalResponse(request, script, tx, transport));
  }

  private finalResponse(request: SipMessage, script: InviteScript, tx: InviteServerTransaction, transport: Transport): void {
    const toTag = tx.toTag;
    const declared = Number(headerValue(request, 'Content-Length') ?? NaN);
    if (transport === 'udp' && declared > request.body.length) {
      // RFC 3261 18.3: a datagram that ends before its declared body SHOULD get 400.
      return tx.respond(buildResponse(request, { status: 400, reason: 'Bad Request (Content-Length exceeds the datagram)', toTag }));
    }
    if (script.status >= 300 && script.status < 400) {
      // A redirect names where to go instead (RFC 3261 21.3).
      const headers = script.contactUri ? [`Contact: <${script.contactUri}>`] : [];
      return tx.respond(buildResponse(request, { status: script.status, reason: script.reason, toTag, headers }));
    }
    if (script.status < 200 || script.status >= 300) {
      return tx.respond(buildResponse(request, { status: script.status, reason: script.reason, toTag }));
    }
    const headers = [...this.recordRoutes(transport, request).response];
    const contact = script.contactUri ?? request.requestUri ?? '';
    headers.push(`Contact: <${contact}>${script.isfocus ? ';isfocus' : ''}`);
    if (script.allow) {
      if (script.allowSplit) headers.push(...script.allow.map((m) => `Allow: ${m}`));
      else headers.push(`Allow: ${script.allow.join(', ')}`);
    }
    const offer = request.body.length > 0 ? request.body.toString('utf8') : undefined;
    const answer = offer === undefined ? undefined : answerOffer(offer, { host: this.o.host, msrpPort: this.o.msrp.port, msrpTlsPort: this.o.msrp.tlsPort, msrpTlsFingerprints: this.o.msrp.tlsFingerprints, sessionId: newTag() });
    tx.respond2xx(
      buildResponse(request, { status: script.status, reason: script.reason, toTag, headers, contentType: answer ? 'application/sdp' : undefined, body: answer?.sdp }),
    );
    // The client offered a=setup:passive: the IM Server is the active party and connects.
    if (answer?.msrp?.setup === 'active' && answer.msrp.offeredPath) this.o.msrp.connect(answer.msrp.offeredPath, answer.msrp.ownPath);
  }

  private recordRoutes(transport: Transport, request: SipMessage): { response: string[]; request: string[] } {
    const both = this.plan.imServerRecordRoutes;
    // RFC 3261 16.6 step 4: a sips: Request-URI or top Route makes the Record-Route a SIPS URI.
    const topRoute = headerValue(request, 'Route')?.trim() ?? '';
    const sips = /^sips:/i.test(request.requestUri ?? '') || /^<?\s*sips:/i.test(topRoute);
    return { response: this.o.core.recordRoute(transport, both, 'response', sips), request: this.o.core.recordRoute(transport, both, 'request', sips) };
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
