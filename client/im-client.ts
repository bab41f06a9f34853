import * as sip from 'sip';
import { headerText, parseAllow } from './allow';
import type { ClientConfig } from './config';
import type { FaultContext, Hook, RequestDraft } from './faults';
import { answerPath, MsrpSession, type MsrpState } from './msrp';
import { MsrpEndpoint } from './msrp-endpoint';
import { clientMsrpTls } from './msrp-tls';
import { startStack, type ManagedStack } from './sip-stack';
import { ALLOWED_METHODS, inDialogDraft, inviteDraft, outgoing, random, requestUriHop, subscribeDraft, SUPPORTED_OPTION_TAGS } from './request-drafts';
import { bareHost, isSipUri } from './sip-uri';
import type { NextHop } from './wire';

/** Methods a UAS recognises (RFC 3261 and its extensions): 405 if not allowed, else 501 (RFC 3261 8.2.1). */
const KNOWN_METHODS: readonly string[] = [...ALLOWED_METHODS, 'REGISTER', 'SUBSCRIBE', 'PUBLISH', 'MESSAGE', 'INFO', 'REFER', 'UPDATE', 'PRACK'];

/** What the upper tester's "state" shows: what the client kept from the 200 OK. */
export interface ClientState {
  /** The methods of the 200 OK's Allow header(s), null when it had none or there is no session. */
  allow: string[] | null;
  /** The 200 OK's Contact URI (the IM Session Identity, RFC 4579), null when there is no session. */
  sessionIdentity: string | null;
  /** Whether the conference state subscription (RJ-08) is active. */
  subscribed: boolean;
  /** The MSRP session: none yet, connected (first SEND answered 200), or failed. */
  msrp: MsrpState;
}

/** The conference state subscription: its own dialog (RFC 6665), for the un-SUBSCRIBE. */
interface Subscription {
  draft: RequestDraft;
  remoteTag?: string;
  seq: number;
  conference: string;
}

/** An action of the user that did not succeed; `message` is what the upper tester reports. */
export class ActionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ActionError';
  }
}

interface Dialog {
  /** The conference the user asked for. */
  conference: string;
  callId: string;
  /** Our From header value (with our tag) and the To value we sent (without a tag). */
  from: string;
  localTag: string;
  to: string;
  remoteTag: string | undefined;
  /** Where in-dialog requests go: the 200 OK's Contact URI (RFC 3261 12.1.2). */
  remoteTarget: string;
  /** The Route header value of in-dialog requests. */
  route: string;
  localSeq: number;
  allow: string[] | null;
  sessionIdentity: string | null;
}

const REASONS: Record<number, string> = {
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  480: 'Temporarily Unavailable',
  481: 'Call/Transaction Does Not Exist',
  486: 'Busy Here',
  487: 'Request Terminated',
  488: 'Not Acceptable Here',
  500: 'Server Internal Error',
  503: 'Service Unavailable',
};


/**
 * The reference IM Client: a SIP user agent that rejoins an IM conference session
 * (OMA SIMPLE IM 7.1.1.9), keeps what the 200 OK tells it, and leaves with a BYE.
 *
 * Every request goes to the outbound proxy with a pre-loaded Route (RFC 3261 8.1.2). In-dialog
 * requests keep going through it: their Route is the outbound proxy followed by the 200 OK's
 * Record-Route set, reversed (RFC 3261 12.1.2), without the proxy's own entry.
 */
export class ImClient {
  private dialog: Dialog | undefined;
  private subscription: Subscription | undefined;
  private msrpSession: MsrpSession | undefined;
  private inviting = false;
  private stopped = false;
  private readonly aborts = new Set<(e: Error) => void>();
  private readonly nextHop: NextHop;

  private constructor(
    private readonly config: ClientConfig,
    private readonly log: (line: string) => void,
    private readonly stack: ManagedStack,
    private readonly msrp: MsrpEndpoint,
  ) {
    this.nextHop = { host: config.proxy.host, port: config.proxy.port, transport: config.transport };
  }

  /** Binds the SIP stack and the MSRP port; rejects (StackStartError) when it cannot. */
  static async start(config: ClientConfig, log: (line: string) => void): Promise<ImClient> {
    // MSRP over TLS when SIP is (RFC 4975 14.1): the configured CA and certificate, or a self-signed one.
    const msrpTls = config.transport === 'tls' && config.tls ? await clientMsrpTls(config.tls, config.localHost) : undefined;
    const msrp = await MsrpEndpoint.listen(config.localHost, msrpTls, log);
    // Requests can only arrive once the stack listens, and the client exists by then.
    const ref: { client?: ImClient } = {};
    let stack: ManagedStack;
    try {
      const dropInviteRetransmissions = config.faults.omits('invite-retransmission');
      const inviteBranchWithoutCookie = config.faults.omits('invite-branch-cookie');
      const tls = config.tls && config.faults.withholdsCertificate ? { ca: config.tls.ca } : config.tls;
      const faults = { inviteViaTransport: config.faults.inviteViaTransport, tlsHandshake: config.faults.tlsHandshake };
      stack = await startStack({ host: config.localHost, port: config.localPort, transport: config.transport, tls, log, dropInviteRetransmissions, inviteBranchWithoutCookie, ...faults }, (rq, remote) =>
        ref.client?.onRequest(rq, remote),
      );
    } catch (e) {
      msrp.close();
      throw e;
    }
    ref.client = new ImClient(config, log, stack, msrp);
    if (config.faults.names.length > 0) log(`fault switches on: ${config.faults.names.join(', ')}`);
    return ref.client;
  }

  state(): ClientState {
    return { allow: this.dialog?.allow ?? null, sessionIdentity: this.dialog?.sessionIdentity ?? null, subscribed: this.subscription?.remoteTag !== undefined, msrp: this.msrpSession?.state ?? 'none' };
  }

  /**
   * Rejoins `conference` (default IM_CONFERENCE_URI): resolves once a 2xx came and was ACKed,
   * rejects with ActionError("486 Busy Here") on a final non-2xx, ("timeout") on Timer B.
   */
  async rejoin(conference?: string): Promise<void> {
    if (this.stopped) throw new ActionError('client stopped');
    if (this.inviting) throw new ActionError('a rejoin is already in progress');
    if (this.dialog) throw new ActionError(`already in a session with ${this.dialog.sessionIdentity ?? this.dialog.conference}`);
    const target = conference ?? this.config.conferenceUri;
    if (target === undefined) throw new ActionError('no conference: give "conference" or set IM_CONFERENCE_URI');
    if (!isSipUri(target)) throw new ActionError(`not a SIP URI: ${target}`);

    this.inviting = true;
    try {
      await this.invite(target);
    } finally {
      this.inviting = false;
    }
  }

  /** Leaves the session: BYE to the stored IM Session Identity; resolves on its 2xx. */
  async leave(): Promise<void> {
    const dialog = this.dialog;
    if (!dialog) throw new ActionError('no session');
    // The session is over once the BYE is on its way (RFC 3261 15.1.1), whatever the answer.
    this.dialog = undefined;
    this.msrpSession?.close();
    this.msrpSession = undefined;
    await this.unsubscribe();
    const response = await this.transaction(inDialogDraft(dialog, 'BYE'), 'bye', dialog.conference);
    if (response.status >= 300) throw new ActionError(this.failure(response));
  }

  /** Stops everything: transactions, SIP sockets (TCP connections included), the MSRP port. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const abort of this.aborts) abort(new ActionError('client stopped'));
    this.aborts.clear();
    this.stack.close();
    this.msrp.close();
    this.msrpSession?.close();
  }

  // ---- rejoin --------------------------------------------------------------------------------


  private invite(conference: string): Promise<void> {
    const context: FaultContext = { conference };
    const draft = inviteDraft(this.config, conference, this.msrp.port, this.msrp.offerTls);
    this.config.faults.apply('invite', draft, context);
    const request = outgoing(draft, this.config.faults.sendsPastProxy ? requestUriHop(draft.requestUri, this.nextHop.transport) : this.nextHop);
    const callId = draft.headers['call-id'];
    const localTag = /;\s*tag=([^;\s]+)/i.exec(draft.headers.from ?? '')?.[1] ?? '';

    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const settle = (error?: Error): void => {
        if (settled) return;
        settled = true;
        this.aborts.delete(abort);
        unsubscribe();
        if (error) reject(error);
        else resolve();
      };
      const abort = (e: Error) => settle(e);
      this.aborts.add(abort);

      // The package answers a final non-2xx of a remote server with a response of its own when
      // the status is 503 (it tries the next address first); keep what really came.
      let receivedFinal: sip.IncomingResponse | undefined;
      const unsubscribe = this.stack.onReceive((m) => {
        if ('status' in m && m.status >= 300 && m.headers['call-id'] === callId && m.headers.cseq?.method === 'INVITE') receivedFinal = m;
      });

      // One ACK per dialog (To tag) the INVITE created; each 2xx retransmission gets it again.
      const acks = new Map<string, sip.OutgoingRequest>();
      const on2xx = (rs: sip.IncomingResponse): void => {
        const remoteTag = rs.headers.to?.params?.tag ?? undefined;
        const key = remoteTag ?? '';
        const known = acks.get(key);
        if (known) {
          if (this.config.faults.omits('ack-retransmission') || this.config.faults.omits('ack')) this.log('!! fault: the retransmitted 2xx is not acknowledged');
          else this.sendQuietly(known);
          return;
        }
        const contact = Array.isArray(rs.headers.contact) && rs.headers.contact.length > 0 ? sip.stringifyUri(rs.headers.contact[0].uri) : undefined;
        if (contact === undefined) this.log(`!! the 2xx has no Contact; in-dialog requests go to the Request-URI ${draft.requestUri}`);
        const dialog: Dialog = {
          conference,
          callId,
          from: draft.headers.from ?? '',
          localTag,
          to: draft.headers.to ?? `<${conference}>`,
          remoteTag: remoteTag ?? undefined,
          remoteTarget: contact ?? draft.requestUri,
          route: this.dialogRoute(rs),
          localSeq: Number.parseInt(draft.headers.cseq ?? '1', 10) || 1,
          allow: parseAllow(headerText(rs.headers.allow)),
          sessionIdentity: contact ?? null,
        };
        const ackDraft: RequestDraft = { ...inDialogDraft(dialog, 'ACK'), branch: `z9hG4bK${random(8)}` };
        this.config.faults.apply('ack', ackDraft, { ...context, inviteBranch: request.headers.via?.[0]?.params?.branch ?? undefined });
        const ack = outgoing(ackDraft, this.nextHop, ackDraft.branch);
        acks.set(key, ack);
        if (this.config.faults.omits('ack')) this.log('!! fault: the 2xx is not acknowledged');
        else this.sendQuietly(ack);
        if (!settled && !this.stopped) {
          this.dialog = dialog;
          settle();
          this.subscribe(dialog);
          this.openMsrp(rs.content, draft.body);
        } else {
          // Another dialog of the same INVITE (forking), or one that came too late: ACK it
          // and end it (RFC 3261 13.2.2.4).
          void this.transaction(inDialogDraft(dialog, 'BYE'), 'bye', conference).catch(() => undefined);
        }
      };

      const onResponse = (rs: sip.IncomingResponse): void => {
        try {
          if (rs.status < 200) return;
          if (rs.status < 300) return on2xx(rs);
          if (rs.headers.via === request.headers.via) {
            // Made by the package: Timer B, a transport error, or its stand-in for a 503.
            if (rs.status === 408) return settle(new ActionError('timeout'));
            if (receivedFinal) return settle(new ActionError(this.failure(receivedFinal)));
            const hop = !draft.headers.route ? `${draft.requestUri} directly (no Route)` : this.config.faults.sendsPastProxy ? `${draft.requestUri} directly (past the proxy)` : `the outbound proxy ${this.nextHop.host}:${this.nextHop.port} over ${this.nextHop.transport}`;
            return settle(new ActionError(`cannot reach ${hop}`));
          }
          // A final non-2xx: the transaction layer has ACKed it (RFC 3261 17.1.1.3).
          settle(new ActionError(this.failure(rs)));
        } catch (e) {
          this.log(`!! handling ${rs.status} to the INVITE: ${(e as Error).stack ?? e}`);
          settle(new ActionError(`internal error: ${(e as Error).message}`));
        }
      };

      try {
        this.stack.send(request, onResponse);
      } catch (e) {
        settle(new ActionError(`cannot send the INVITE: ${(e as Error).message}`));
      }
    });
  }

  /**
   * The Route of in-dialog requests: the route set, the Record-Route reversed (RFC 3261 12.1.2),
   * each entry as the 200 OK wrote it; the outbound proxy goes first when the route set does not
   * already start at it (a proxy that did not Record-Route).
   */
  private dialogRoute(rs: sip.IncomingResponse): string {
    const entries: string[] = [];
    const recordRoute = rs.headers['record-route'];
    if (Array.isArray(recordRoute)) {
      const reversed = [...recordRoute].reverse().filter((e) => typeof e.uri === 'object' || sip.parseUri(e.uri) !== undefined);
      for (const e of reversed) {
        const params = Object.entries(e.params ?? {})
          .map(([k, v]) => (v === null ? `;${k}` : `;${k}=${v}`))
          .join('');
        entries.push(`<${sip.stringifyUri(e.uri)}>${params}`);
      }
      if (reversed.length > 0 && this.isOutboundProxy(reversed[0].uri)) return entries.join(', ');
    }
    return [`<${this.config.outboundProxy}>`, ...entries].join(', ');
  }

  private isOutboundProxy(uri: string | sip.SipUri): boolean {
    const parsed = sip.parseUri(uri);
    if (!parsed) return false;
    const port = parsed.port || 5060;
    // The URI brackets an IPv6 host (RFC 3261 25.1); the configured address does not.
    return bareHost(parsed.host.toLowerCase()) === this.config.proxy.host.toLowerCase() && port === this.config.proxy.port;
  }

  /** As the active party, connects to the answer's a=path and sends the first SEND (RFC 4975 5.4). */
  private openMsrp(answer: unknown, offer: string): void {
    const peerPath = typeof answer === 'string' ? answerPath(answer) : undefined;
    const ownPath = answerPath(offer);
    if (!peerPath || !ownPath) {
      if (offer) this.log('!! MSRP: the 2xx carries no a=path to connect to');
      return;
    }
    const session = new MsrpSession();
    this.msrpSession = session;
    void session.open({ localHost: this.config.localHost, ownPath, peerPath, timeoutMs: 8 * this.config.t1Ms, log: this.log, tls: this.msrp.tls });
  }

  // ---- conference state subscription (RJ-08, RFC 4575 over RFC 6665) -------------------------

  /**
   * Subscribes to the conference state of the stored IM Session Identity, in a dialog of its
   * own, unless switched off or the stored Allow lacks SUBSCRIBE (RJ-06).
   */
  private subscribe(dialog: Dialog): void {
    const { config } = this;
    if (!config.conferenceSubscription || config.faults.omits('subscribe')) return;
    if (dialog.allow !== null && !dialog.allow.includes('SUBSCRIBE') && !config.faults.ignoresAllow) {
      this.log(`the IM Server does not allow SUBSCRIBE (Allow: ${dialog.allow.join(', ')}): no conference state subscription`);
      return;
    }
    const target = dialog.sessionIdentity ?? dialog.remoteTarget;
    const draft = subscribeDraft(config, target);
    const subscription: Subscription = { draft, seq: 1, conference: dialog.conference };
    this.subscription = subscription;
    this.transaction(draft, 'subscribe', dialog.conference).then(
      (rs) => {
        if (rs.status < 300) subscription.remoteTag = rs.headers.to?.params?.tag ?? undefined;
        else {
          this.log(`the conference state subscription was refused: ${this.failure(rs)}`);
          if (this.subscription === subscription) this.subscription = undefined;
        }
      },
      (e: Error) => this.log(`!! the conference state subscription failed: ${e.message}`),
    );
  }

  /** Ends the subscription with Expires: 0 (RFC 6665 4.1.2.3); failures are only logged. */
  private async unsubscribe(): Promise<void> {
    const sub = this.subscription;
    this.subscription = undefined;
    if (!sub || sub.remoteTag === undefined) return;
    const headers = { ...sub.draft.headers, to: `${sub.draft.headers.to};tag=${sub.remoteTag}`, cseq: `${++sub.seq} SUBSCRIBE`, expires: '0' };
    try {
      const rs = await this.transaction({ ...sub.draft, headers }, 'subscribe', sub.conference);
      if (rs.status >= 300) this.log(`the un-SUBSCRIBE was answered ${this.failure(rs)}`);
    } catch (e) {
      this.log(`!! the un-SUBSCRIBE failed: ${(e as Error).message}`);
    }
  }

  // ---- requests (built in request-drafts.ts) ---------------------------------------------------

  /** Sends a non-INVITE request; resolves with its final response (408 on Timer F). */
  private transaction(draft: RequestDraft, hook: Hook, conference: string): Promise<sip.IncomingResponse> {
    this.config.faults.apply(hook, draft, { conference });
    const request = outgoing(draft, this.nextHop);
    return new Promise((resolve, reject) => {
      const abort = (e: Error) => reject(e);
      this.aborts.add(abort);
      try {
        this.stack.send(request, (rs) => {
          if (rs.status < 200) return;
          this.aborts.delete(abort);
          if (rs.headers.via === request.headers.via && rs.status === 408) reject(new ActionError('timeout'));
          else resolve(rs);
        });
      } catch (e) {
        this.aborts.delete(abort);
        reject(new ActionError(`cannot send the ${draft.method}: ${(e as Error).message}`));
      }
    });
  }

  private sendQuietly(request: sip.OutgoingRequest): void {
    try {
      this.stack.send(request);
    } catch (e) {
      this.log(`!! cannot send the ${request.method}: ${(e as Error).message}`);
    }
  }

  private failure(rs: sip.IncomingResponse): string {
    const reason = rs.reason?.trim() || REASONS[rs.status] || '';
    return `${rs.status}${reason ? ' ' + reason : ''}`;
  }

  // ---- requests from the network -------------------------------------------------------------

  /** Never throws: the package would turn an exception into a 500 and hide it. */
  private onRequest(rq: sip.IncomingRequest, _remote: sip.Remote): void {
    try {
      this.handleRequest(rq);
    } catch (e) {
      this.log(`!! handling ${rq.method}: ${(e as Error).stack ?? e}`);
      try {
        if (rq.method !== 'ACK') this.reply(rq, 500, 'Server Internal Error');
      } catch {
        // nothing more to do
      }
    }
  }

  private handleRequest(rq: sip.IncomingRequest): void {
    const allow = { allow: ALLOWED_METHODS.join(', ') };
    switch (rq.method) {
      case 'ACK':
        return; // ACKs of our own answers: nothing to do
      case 'BYE': {
        const d = this.dialog;
        if (d && this.inDialog(rq, d)) {
          this.dialog = undefined;
          this.log(`the IM Server ended the session ${d.sessionIdentity ?? d.conference}`);
          return this.reply(rq, 200, 'OK');
        }
        return this.reply(rq, 481, REASONS[481]);
      }
      case 'OPTIONS':
        return this.reply(rq, 200, 'OK', { ...allow, accept: 'application/sdp', supported: SUPPORTED_OPTION_TAGS.join(', ') });
      case 'NOTIFY': {
        // Accepted even before the SUBSCRIBE's 200 OK: RFC 6665 4.1.2.4 allows that order.
        const status = this.config.faults.notifyStatus ?? 200;
        return this.reply(rq, status, status === 200 ? 'OK' : status === 489 ? 'Bad Event' : (REASONS[status] ?? 'Error'));
      }
      case 'INVITE': {
        const d = this.dialog;
        // A re-INVITE: the session stays as it is (RFC 3261 14.2). A new session: not taken.
        if (d && this.inDialog(rq, d)) return this.reply(rq, 488, REASONS[488]);
        return this.reply(rq, 480, REASONS[480]);
      }
      case 'CANCEL':
        return this.reply(rq, 481, REASONS[481]);
      default:
        if (KNOWN_METHODS.includes(rq.method)) return this.reply(rq, 405, 'Method Not Allowed', allow);
        return this.reply(rq, 501, 'Not Implemented', allow);
    }
  }

  private inDialog(rq: sip.IncomingRequest, d: Dialog): boolean {
    return rq.headers['call-id'] === d.callId && rq.headers.from?.params?.tag === d.remoteTag && rq.headers.to?.params?.tag === d.localTag;
  }

  private reply(rq: sip.IncomingRequest, status: number, reason: string, headers: Record<string, string> = {}): void {
    const rs = sip.makeResponse(rq, status, reason, { headers });
    const to = rq.headers.to;
    if (to && (to.params?.tag === undefined || to.params.tag === null)) {
      rs.headers.to = { ...to, params: { ...to.params, tag: random(6) } };
    }
    this.stack.respond(rs);
  }
}
