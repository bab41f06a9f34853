import { randomBytes } from 'node:crypto';
import * as dgram from 'node:dgram';
import * as net from 'node:net';
import type { Config } from './config';
import { buildOffer, msrpIndexOf, readAnswer, type OfferParts } from './sdp';
import { build, headerEntries, headerOf, headerParam, isIpv4, parseUri, uriOf, type Message } from './sip';
import { SipTransport, type Destination, type Link, type Log } from './transport';

export const PRODUCT = { name: 'indep-im-client', version: '0.1' };
const USER_AGENT = `IM-client/OMA1.0 indep/${PRODUCT.version}`;
const ALLOW = 'INVITE, ACK, CANCEL, BYE, OPTIONS';
/** Methods this UA knows and refuses with 405 (RFC 3261 8.2.1); anything else gets 501. */
const KNOWN_METHODS = new Set(['REGISTER', 'SUBSCRIBE', 'PUBLISH', 'MESSAGE', 'INFO', 'REFER', 'UPDATE', 'PRACK']);

export interface Outcome {
  ok: boolean;
  error?: string;
}

const rand = (bytes = 6): string => randomBytes(bytes).toString('hex');

/** A dialog the INVITE's 2xx created (RFC 3261 12.1.2), seen from the UAC. */
interface Dialog {
  callId: string;
  from: string;
  to: string;
  remoteTag: string;
  remoteTarget: string;
  /** The Record-Route entries, reversed, exactly as received. */
  routeSet: string[];
  cseq: number;
  ack: { bytes: Buffer; to: Destination };
  ended: boolean;
  msrp?: net.Socket;
}

interface InviteTransaction {
  branch: string;
  callId: string;
  requestUri: string;
  via: string;
  from: string;
  cseq: number;
  route: string;
  to: Destination;
  state: 'calling' | 'proceeding' | 'completed' | 'accepted' | 'terminated';
  settle: (o: Outcome) => void;
  /** The ACK of a final non-2xx (same branch), re-sent for each copy of that response. */
  errorAck?: Buffer;
}

interface NonInviteTransaction {
  state: 'trying' | 'proceeding' | 'completed';
  done: (m: Message | string) => void;
}

/**
 * The independent IM client's user agent: a UAC for the rejoin (RFC 3261 8.1, 13.2, 17.1) on
 * raw sockets, and a minimal UAS for what the test bed sends it (BYE, NOTIFY, OPTIONS, ...).
 */
export class UserAgent {
  private readonly sip: SipTransport;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inviteTxs = new Map<string, InviteTransaction>();
  private readonly nonInviteTxs = new Map<string, NonInviteTransaction>();
  /** Dialogs by Call-ID and remote tag: a 2xx copy of a known one is ACKed again. */
  private readonly dialogs = new Map<string, Dialog>();
  /** Responses already sent, by the request's branch and method: a retransmitted request gets the same again. */
  private readonly answered = new Map<string, { bytes: Buffer; link: Link }>();
  private session?: Dialog;
  private rejoining = false;
  private msrpServer?: net.Server;
  private rtp?: dgram.Socket;
  private readonly msrpSession = rand(8);
  private stopped = false;

  constructor(
    private readonly cfg: Config,
    private readonly log: Log,
  ) {
    this.sip = new SipTransport(cfg.localHost, cfg.localPort, (m, link) => this.onMessage(m, link), log);
  }

  /** compact-headers: every header with a compact form is sent in it (correct SIP). */
  private get compact(): boolean {
    return this.cfg.faults.has('compact-headers');
  }

  private get t2(): number {
    return 8 * this.cfg.t1;
  }

  async start(): Promise<void> {
    await this.sip.start();
    // The offer names real ports: an MSRP listener (TCP) and an RTP socket (UDP) for the audio variants.
    const msrp = net.createServer((s) => {
      s.on('error', () => s.destroy());
      s.on('data', () => undefined);
    });
    await new Promise<void>((resolve, reject) => {
      msrp.once('error', reject);
      msrp.listen(0, this.cfg.localHost, () => resolve());
    });
    this.msrpServer = msrp;
    const rtp = dgram.createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      rtp.once('error', reject);
      rtp.bind(0, this.cfg.localHost, () => resolve());
    });
    rtp.on('message', () => undefined);
    this.rtp = rtp;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const tx of this.inviteTxs.values()) if (tx.state === 'calling' || tx.state === 'proceeding') tx.settle({ ok: false, error: 'the client stopped' });
    for (const tx of this.nonInviteTxs.values()) tx.done('the client stopped');
    for (const d of this.dialogs.values()) d.msrp?.destroy();
    await this.sip.stop();
    await new Promise<void>((resolve) => (this.msrpServer ? this.msrpServer.close(() => resolve()) : resolve()));
    await new Promise<void>((resolve) => (this.rtp ? this.rtp.close(() => resolve()) : resolve()));
  }

  // ---- the user's actions ----

  rejoin(conference: string): Promise<Outcome> {
    if (this.session) return Promise.resolve({ ok: false, error: 'already in a session' });
    if (this.rejoining) return Promise.resolve({ ok: false, error: 'a rejoin is already under way' });
    this.rejoining = true;
    return new Promise<Outcome>((resolve) => {
      const settle = (o: Outcome): void => {
        this.rejoining = false;
        resolve(o);
      };
      const c = this.cfg;
      this.invite({ requestUri: conference, callId: `${rand(8)}@${c.localHost}`, from: `<${c.userUri}>;tag=${rand(4)}`, cseq: 1 }, settle);
    });
  }

  /** An initial INVITE and its client transaction (RFC 3261 17.1.1); `settle` gets the outcome. */
  private invite(call: { requestUri: string; callId: string; from: string; cseq: number }, settle: (o: Outcome) => void): void {
    const c = this.cfg;
    const T = c.transport.toUpperCase();
    const { requestUri, callId, from } = call;
    const viaOf = (branch: string): string => `SIP/2.0/${T} ${c.localHost}:${c.localPort};branch=${branch}${c.transport === 'udp' ? ';rport' : ''}`;
    const branch = `z9hG4bK${rand()}`;
    const via = viaOf(branch);
    const route = `<${c.outboundProxy}>`;
    const body = Buffer.from(buildOffer(this.offerParts()), 'utf8');
    // content-length-chars: the body's length in UTF-16 code units, as a String's .length gives it.
    const length = c.faults.has('content-length-chars') ? body.toString('utf8').length : body.length;
    const inviteWith = (v: string): Buffer =>
      build(
        `INVITE ${requestUri} SIP/2.0`,
        [
          ['Via', v],
          ['Max-Forwards', '70'],
          ['Route', route],
          ['From', from],
          ['To', `<${requestUri}>`],
          ['Call-ID', callId],
          ['CSeq', `${call.cseq} INVITE`],
          ['Contact', `<sip:${c.user}@${c.localHost}:${c.localPort};transport=${c.transport}>;+g.oma.sip-im`],
          ['Accept-Contact', '*;+g.oma.sip-im'],
          ['User-Agent', USER_AGENT],
          ['Allow', ALLOW],
          ['Content-Type', 'application/sdp'],
        ],
        body,
        length,
        this.compact,
      );
    const invite = inviteWith(via);
    const to: Destination = { transport: c.transport, host: c.proxyHost, port: c.proxyPort };
    const tx: InviteTransaction = { branch, callId, requestUri, via, from, cseq: call.cseq, route, to, state: 'calling', settle };
    this.inviteTxs.set(branch, tx);
    const fail = (e: Error): void => {
      if (tx.state !== 'calling' && tx.state !== 'proceeding') return;
      tx.state = 'terminated';
      settle({ ok: false, error: `transport error: ${e.message}` });
    };
    this.sip.send(invite, to).catch(fail);
    // Timer A (UDP only): T1, doubling, until a response (RFC 3261 17.1.1.2).
    if (c.transport === 'udp') {
      const retransmit = (interval: number): void => {
        this.later(interval, () => {
          if (tx.state !== 'calling') return;
          // retransmit-new-branch: the copy is built again, with a branch no response of this transaction is matched by.
          this.sip.send(c.faults.has('retransmit-new-branch') ? inviteWith(viaOf(`z9hG4bK${rand()}`)) : invite, to).catch(fail);
          // timer-a-fixed: the interval never doubles.
          retransmit(c.faults.has('timer-a-fixed') ? interval : interval * 2);
        });
      };
      retransmit(c.t1);
    }
    // Timer B: 64·T1 in "Calling" is a timeout.
    this.later(64 * c.t1, () => {
      if (tx.state !== 'calling') return;
      tx.state = 'terminated';
      settle({ ok: false, error: 'timeout' });
    });
    // "Proceeding" has no timer in RFC 3261; the user does not wait for ever either.
    this.later(180_000, () => {
      if (tx.state !== 'proceeding') return;
      tx.state = 'terminated';
      settle({ ok: false, error: 'timeout' });
    });
  }

  async leave(): Promise<Outcome> {
    const d = this.session;
    if (!d) return { ok: false, error: 'no session' };
    this.session = undefined;
    d.ended = true;
    d.msrp?.destroy();
    const reply = await this.request(d, 'BYE');
    if (typeof reply === 'string') return { ok: false, error: reply };
    return (reply.status ?? 0) < 300 ? { ok: true } : { ok: false, error: `${reply.status} ${reply.reason}` };
  }

  // ---- building in-dialog requests (RFC 3261 12.2.1.1) ----

  private offerParts(): OfferParts {
    const f = this.cfg.faults;
    return {
      host: this.cfg.localHost,
      sessionId: String(Date.now()),
      msrpPort: (this.msrpServer?.address() as net.AddressInfo).port,
      msrpSession: this.msrpSession,
      audioPort: this.rtp?.address().port ?? 9,
      media: f.has('audio-only-offer') ? 'audio-only' : f.has('audio-and-msrp-offer') ? 'audio-and-msrp' : 'msrp',
    };
  }

  private get proxy(): Destination {
    return { transport: this.cfg.transport, host: this.cfg.proxyHost, port: this.cfg.proxyPort };
  }

  /** The Request-URI, Route entries and next hop of a request in the dialog. */
  private routing(d: Pick<Dialog, 'remoteTarget' | 'routeSet'>): { requestUri: string; routes: string[]; to: Destination } {
    if (this.cfg.faults.has('ignore-route-set')) return { requestUri: d.remoteTarget, routes: [`<${this.cfg.outboundProxy}>`], to: this.proxy };
    // No Record-Route: the conference host (.invalid) is never resolved; the proxy gets it, with no Route.
    if (d.routeSet.length === 0) return { requestUri: d.remoteTarget, routes: [], to: this.proxy };
    const firstUri = uriOf(d.routeSet[0]);
    let first;
    try {
      first = parseUri(firstUri);
    } catch {
      this.log(`the first route entry ${d.routeSet[0]} is not a SIP URI: sending to the outbound proxy`);
      return { requestUri: d.remoteTarget, routes: d.routeSet, to: this.proxy };
    }
    const hop = this.hopOf(first);
    if (first.params.has('lr')) return { requestUri: d.remoteTarget, routes: d.routeSet, to: hop };
    // A strict router: it becomes the Request-URI and the remote target the last Route entry.
    return { requestUri: firstUri, routes: [...d.routeSet.slice(1), `<${d.remoteTarget}>`], to: hop };
  }

  private hopOf(uri: ReturnType<typeof parseUri>): Destination {
    const t = uri.params.get('transport')?.toLowerCase();
    const transport = t === 'udp' || t === 'tcp' ? t : this.cfg.transport;
    if (!isIpv4(uri.host)) {
      this.log(`route host ${uri.host} is not an address and is not resolved: sending to the outbound proxy`);
      return this.proxy;
    }
    return { transport, host: uri.host, port: uri.port ?? 5060 };
  }

  private viaFor(to: Destination, branch: string): string {
    return `SIP/2.0/${to.transport.toUpperCase()} ${this.cfg.localHost}:${this.cfg.localPort};branch=${branch}${to.transport === 'udp' ? ';rport' : ''}`;
  }

  private inDialog(d: Dialog, method: string, cseq: number): { bytes: Buffer; to: Destination; branch: string } {
    const r = this.routing(d);
    const branch = `z9hG4bK${rand()}`;
    const headers: Array<[string, string]> = [['Via', this.viaFor(r.to, branch)], ['Max-Forwards', '70']];
    for (const route of r.routes) headers.push(['Route', route]);
    headers.push(['From', d.from], ['To', d.to], ['Call-ID', d.callId], ['CSeq', `${cseq} ${method}`], ['User-Agent', USER_AGENT]);
    return { bytes: build(`${method} ${r.requestUri} SIP/2.0`, headers, Buffer.alloc(0), 0, this.compact), to: r.to, branch };
  }

  /** A non-INVITE request in the dialog, its transaction (RFC 3261 17.1.2): the final response, or why none came. */
  private request(d: Dialog, method: string): Promise<Message | string> {
    d.cseq += 1;
    const { bytes, to, branch } = this.inDialog(d, method, d.cseq);
    return new Promise((resolve) => {
      const tx: NonInviteTransaction = {
        state: 'trying',
        done: (m) => {
          if (tx.state === 'completed') return;
          tx.state = 'completed';
          this.nonInviteTxs.delete(branch);
          resolve(m);
        },
      };
      this.nonInviteTxs.set(branch, tx);
      this.sip.send(bytes, to).catch((e: Error) => tx.done(`transport error: ${e.message}`));
      if (to.transport === 'udp') {
        // Timer E: T1, doubling up to T2; T2 once a provisional response came.
        const again = (interval: number): void => {
          this.later(interval, () => {
            if (tx.state === 'completed') return;
            this.sip.send(bytes, to).catch(() => undefined);
            again(tx.state === 'proceeding' ? this.t2 : Math.min(interval * 2, this.t2));
          });
        };
        again(this.cfg.t1);
      }
      this.later(64 * this.cfg.t1, () => tx.done('timeout'));
    });
  }

  // ---- what arrives ----

  private onMessage(m: Message, link: Link): void {
    if (this.stopped) return;
    if (m.kind === 'response') this.onResponse(m);
    else this.onRequest(m, link);
  }

  private onResponse(res: Message): void {
    const branch = headerParam(headerEntries(res, 'via')[0] ?? '', 'branch') ?? '';
    const method = /^\d+\s+(\S+)$/.exec(headerOf(res, 'cseq') ?? '')?.[1];
    const status = res.status ?? 0;
    if (method === 'INVITE') {
      const tx = this.inviteTxs.get(branch);
      if (!tx) return this.log(`a response to an INVITE this client did not send (branch ${branch}): ignored`);
      return this.onInviteResponse(tx, res, status);
    }
    const tx = this.nonInviteTxs.get(branch);
    if (!tx) return this.log(`a response to no transaction of this client (branch ${branch}): ignored`);
    if (status < 200) tx.state = 'proceeding';
    else tx.done(res);
  }

  private onInviteResponse(tx: InviteTransaction, res: Message, status: number): void {
    if (status < 200) {
      if (tx.state === 'calling') tx.state = 'proceeding';
      return;
    }
    if (status < 300) return this.on2xx(tx, res);
    const f = this.cfg.faults;
    const redirect = status < 400;
    // A final non-2xx: ACKed in the transaction (RFC 3261 17.1.1.3), again for every copy.
    if (tx.state === 'calling' || tx.state === 'proceeding') {
      tx.state = 'completed';
      // error-ack-new-branch: the ACK of an error answer gets a Via branch of its own.
      const via = !redirect && f.has('error-ack-new-branch') ? tx.via.replace(/branch=[^;]+/, `branch=z9hG4bK${rand()}`) : tx.via;
      tx.errorAck = build(`ACK ${tx.requestUri} SIP/2.0`, [
        ['Via', via],
        ['Max-Forwards', '70'],
        ['Route', tx.route],
        ['From', tx.from],
        ['To', headerOf(res, 'to') ?? ''],
        ['Call-ID', tx.callId],
        ['CSeq', `${tx.cseq} ACK`],
      ], Buffer.alloc(0), 0, this.compact);
      // redirect-no-ack: a 3xx is left unacknowledged.
      if (redirect && f.has('redirect-no-ack')) tx.errorAck = undefined;
      if (tx.errorAck) this.sip.send(tx.errorAck, tx.to).catch(() => undefined);
      // Timer D: 32 s over UDP (scaled with T1 here), 0 over TCP.
      this.later(tx.to.transport === 'udp' ? 64 * this.cfg.t1 : 0, () => (tx.state = 'terminated'));
      // retry-after-error, redirect-to-request-uri: the INVITE once more (RFC 3261 8.1.3.5's retry:
      // same Call-ID and From, CSeq one higher), to the same Request-URI, whatever a 3xx's Contact says.
      const retry = tx.cseq === 1 && (redirect ? f.has('redirect-to-request-uri') : f.has('retry-after-error'));
      if (retry) {
        this.log(`${status}: the INVITE is sent again to ${tx.requestUri} (fault ${redirect ? 'redirect-to-request-uri' : 'retry-after-error'})`);
        return this.invite({ requestUri: tx.requestUri, callId: tx.callId, from: tx.from, cseq: tx.cseq + 1 }, tx.settle);
      }
      // A redirect is reported, not followed (so it can never loop).
      tx.settle({ ok: false, error: `${status} ${res.reason ?? ''}`.trim() });
      return;
    }
    if (tx.state === 'completed' && tx.errorAck) this.sip.send(tx.errorAck, tx.to).catch(() => undefined);
  }

  /** unusual-ok-*: a 2xx without Allow, or whose Contact lacks isfocus (RFC 4579 5.2). */
  private unusual(res: Message): boolean {
    const contact = headerEntries(res, 'contact')[0] ?? '';
    return headerEntries(res, 'allow').length === 0 || headerParam(contact, 'isfocus') === undefined;
  }

  /** A 2xx: the dialog, its ACK (RFC 3261 13.2.2.4), the same ACK for every retransmission. */
  private on2xx(tx: InviteTransaction, res: Message): void {
    const to = headerOf(res, 'to') ?? '';
    const remoteTag = headerParam(to, 'tag') ?? '';
    const key = `${tx.callId} ${remoteTag}`;
    const known = this.dialogs.get(key);
    const f = this.cfg.faults;
    // tcp-no-ack: over TCP no 2xx is ACKed; the session stands all the same.
    const noAck = f.has('tcp-no-ack') && tx.to.transport === 'tcp';
    if (known) {
      // tcp-ack-once: over TCP a copy of the 2xx is taken for a duplicate and not ACKed.
      if ((noAck || f.has('tcp-ack-once')) && tx.to.transport === 'tcp') return this.log('a copy of the 2xx over TCP: not ACKed');
      this.sip.send(known.ack.bytes, known.ack.to).catch(() => undefined);
      return;
    }
    if (f.has('unusual-ok-no-ack') && this.unusual(res)) {
      this.log('a 2xx without Allow or isfocus: not ACKed (fault unusual-ok-no-ack)');
      if (tx.state === 'calling' || tx.state === 'proceeding') {
        tx.state = 'terminated';
        tx.settle({ ok: false, error: 'the 200 OK is not from a conference focus' });
      }
      return;
    }
    const contact = headerEntries(res, 'contact')[0];
    const d: Dialog = {
      callId: tx.callId,
      from: tx.from,
      to,
      remoteTag,
      remoteTarget: contact ? uriOf(contact) : tx.requestUri,
      routeSet: headerEntries(res, 'record-route').reverse(),
      cseq: tx.cseq,
      ack: { bytes: Buffer.alloc(0), to: this.proxy },
      ended: false,
    };
    const ack = this.inDialog(d, 'ACK', tx.cseq);
    d.ack = { bytes: ack.bytes, to: ack.to };
    this.dialogs.set(key, d);
    if (noAck) this.log('a 2xx over TCP: not ACKed (fault tcp-no-ack)');
    else this.sip.send(ack.bytes, ack.to).catch((e: Error) => this.log(`ACK not sent: ${e.message}`));
    const first = tx.state === 'calling' || tx.state === 'proceeding';
    tx.state = 'accepted';
    if (first && f.has('unusual-ok-bye') && this.unusual(res)) {
      // unusual-ok-bye: the session is ended at once; the rejoin is reported once the BYE is answered.
      this.log('a 2xx without Allow or isfocus: ended with a BYE (fault unusual-ok-bye)');
      d.ended = true;
      void this.request(d, 'BYE').then(() => tx.settle({ ok: false, error: 'the 200 OK is not from a conference focus' }));
    } else if (first) {
      this.session = d;
      this.connectMsrp(d, res.body.toString('utf8'));
      tx.settle({ ok: true });
    } else {
      // A 2xx of a second dialog (forking): ACKed, then ended (RFC 3261 13.2.2.4).
      d.ended = true;
      void this.request(d, 'BYE');
    }
  }

  private onRequest(req: Message, link: Link): void {
    const method = req.method ?? '';
    const branch = headerParam(headerEntries(req, 'via')[0] ?? '', 'branch');
    if (!branch || !headerOf(req, 'call-id') || !headerOf(req, 'cseq')) return this.log(`a ${method} without Via branch, Call-ID or CSeq: not answered`);
    if (method === 'ACK') return;
    const key = `${branch} ${method}`;
    const again = this.answered.get(key);
    if (again) return this.sip.reply(again.bytes, link);

    const callId = headerOf(req, 'call-id');
    const fromTag = headerParam(headerOf(req, 'from') ?? '', 'tag');
    const toTag = headerParam(headerOf(req, 'to') ?? '', 'tag');
    const dialog = [...this.dialogs.values()].find((d) => !d.ended && d.callId === callId && d.remoteTag === fromTag && headerParam(d.from, 'tag') === toTag);
    let status: number;
    let reason: string;
    const extra: Array<[string, string]> = [];
    switch (method) {
      case 'BYE':
        if (dialog) {
          [status, reason] = [200, 'OK'];
          dialog.ended = true;
          dialog.msrp?.destroy();
          if (this.session === dialog) this.session = undefined;
        } else [status, reason] = [481, 'Call/Transaction Does Not Exist'];
        break;
      case 'NOTIFY':
        // This client never subscribes: no subscription matches (RFC 6665 4.1.3).
        [status, reason] = [481, 'Subscription Does Not Exist'];
        break;
      case 'OPTIONS':
        [status, reason] = [200, 'OK'];
        extra.push(['Allow', ALLOW], ['Accept', 'application/sdp']);
        break;
      case 'CANCEL':
        [status, reason] = [481, 'Call/Transaction Does Not Exist'];
        break;
      case 'INVITE':
        [status, reason] = dialog ? [488, 'Not Acceptable Here'] : [486, 'Busy Here'];
        break;
      default:
        if (KNOWN_METHODS.has(method)) {
          [status, reason] = [405, 'Method Not Allowed'];
          extra.push(['Allow', ALLOW]);
        } else [status, reason] = [501, 'Not Implemented'];
    }
    const bytes = this.response(req, status, reason, extra);
    this.answered.set(key, { bytes, link });
    if (this.answered.size > 64) this.answered.delete(this.answered.keys().next().value as string);
    this.sip.reply(bytes, link);
  }

  /** A response as RFC 3261 8.2.6.2 builds it: Via lines, From, Call-ID, CSeq copied; To with a tag. */
  private response(req: Message, status: number, reason: string, extra: Array<[string, string]>): Buffer {
    const headers: Array<[string, string]> = [];
    for (const h of req.headers) if (['via', 'v'].includes(h.name.toLowerCase())) headers.push(['Via', h.value]);
    const to = headerOf(req, 'to') ?? '';
    headers.push(['From', headerOf(req, 'from') ?? ''], ['To', headerParam(to, 'tag') === undefined ? `${to};tag=${rand(4)}` : to]);
    headers.push(['Call-ID', headerOf(req, 'call-id') ?? ''], ['CSeq', headerOf(req, 'cseq') ?? ''], ['User-Agent', USER_AGENT], ...extra);
    return build(`SIP/2.0 ${status} ${reason}`, headers, Buffer.alloc(0), 0, this.compact);
  }

  // ---- MSRP (RFC 4975): the active side connects and sends an empty SEND ----

  private connectMsrp(d: Dialog, answer: string): void {
    const shape = this.offerParts().media;
    const offered = shape === 'audio-and-msrp' ? 2 : 1;
    const media = readAnswer(answer);
    if (media.length !== offered) this.log(`the SDP answer has ${media.length} m= line(s) for an offer of ${offered}; RFC 3264 section 6 wants as many, in the same order`);
    const index = msrpIndexOf(shape);
    if (index === undefined) return;
    const stream = media[index];
    if (!stream || stream.kind !== 'message' || stream.port === 0 || !stream.path) return this.log('the answer accepts no MSRP stream in the offer\'s place: no MSRP connection');
    const paths = stream.path.split(/\s+/);
    const m = /^msrp:\/\/([^:/]+):(\d+)\//.exec(paths[paths.length - 1]);
    if (!m || !isIpv4(m[1])) return this.log(`the answer's MSRP path ${stream.path} is not an address this client connects to`);
    const socket = net.connect({ host: m[1], port: Number(m[2]), localAddress: this.cfg.localHost });
    d.msrp = socket;
    socket.on('error', (e) => this.log(`MSRP: ${e.message}`));
    socket.on('data', (chunk) => this.log(`MSRP <<< ${chunk.toString('utf8').split('\r\n')[0]}`));
    socket.once('connect', () => {
      const tid = rand(6);
      const own = `msrp://${this.cfg.localHost}:${(this.msrpServer?.address() as net.AddressInfo).port}/${this.msrpSession};tcp`;
      socket.write([`MSRP ${tid} SEND`, `To-Path: ${paths.join(' ')}`, `From-Path: ${own}`, `Message-ID: ${rand(6)}`, 'Byte-Range: 1-0/0', `-------${tid}$`, ''].join('\r\n'));
    });
    // The SEND's answer is only logged; the session stands without it.
  }

  private later(ms: number, action: () => void): NodeJS.Timeout {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.stopped) action();
    }, ms);
    this.timers.add(t);
    return t;
  }
}
