import * as crypto from 'node:crypto';
import * as sip from 'sip';
import type { ClientConfig } from './config';
import type { RequestDraft } from './faults';
import type { OfferTls } from './msrp-endpoint';
import { USER_AGENT } from './product';
import { buildSdpOffer } from './sdp-offer';
import { bareHost, splitSipUri } from './sip-uri';
import { routeHeader, wireBytes, type NextHop } from './wire';

/**
 * The requests the reference client sends, as drafts (text a fault switch may change) and as the
 * `sip` package's messages. Pure: nothing here sends or keeps state.
 */

/** The methods this client handles, in its Allow header (RFC 3261 20.5). */
export const ALLOWED_METHODS: readonly string[] = ['INVITE', 'ACK', 'CANCEL', 'BYE', 'OPTIONS', 'NOTIFY'];
/** Option tags it supports: none yet (RFC 3261 25.1 allows an empty Supported list). */
export const SUPPORTED_OPTION_TAGS: readonly string[] = [];
/** The OMA IM feature tag (OMA SIMPLE IM 7.1.1.1; RFC 3840 / RFC 3841). */
export const IM_FEATURE_TAG = '+g.oma.sip-im';

export const random = (bytes: number): string => crypto.randomBytes(bytes).toString('hex');

/** What an in-dialog request is built from. */
export interface DialogIds {
  callId: string;
  /** Our From header value (with our tag) and the To value we sent (without a tag). */
  from: string;
  to: string;
  remoteTag?: string;
  /** Where in-dialog requests go: the 200 OK's Contact URI (RFC 3261 12.1.2). */
  remoteTarget: string;
  /** The Route header value of in-dialog requests. */
  route: string;
  localSeq: number;
}

/** TS 24.229: the IMS communication service identifier as a feature tag (RFC 3840 quoting). */
function icsiTag(config: ClientConfig): string {
  const icsi = config.ims?.icsi;
  return icsi ? `;+g.3gpp.icsi-ref="${encodeURIComponent(icsi)}"` : '';
}

export function contactOf(config: ClientConfig): string {
  return `<sip:${config.user}@${uriHost(config.localHost)}:${config.localPort};transport=${config.transport}>;${IM_FEATURE_TAG}${icsiTag(config)}`;
}

/** A host as a SIP URI writes it: an IPv6 address bracketed (RFC 3261 25.1, RFC 5954). */
export function uriHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** Over an IMS core (TS 24.229 5.1.3.1): the preferred identity and, where known, the access network. */
function imsHeaders(config: ClientConfig): Record<string, string> {
  const ims = config.ims;
  if (!ims) return {};
  return {
    'p-preferred-identity': `<${config.userUri}>`,
    ...(ims.accessNetworkInfo ? { 'p-access-network-info': ims.accessNetworkInfo } : {}),
  };
}

/**
 * The header fields every request outside a dialog starts with (RFC 3261 8.1.1), in wire order:
 * a pre-loaded Route to the outbound proxy (8.1.2), a new From tag and Call-ID, CSeq 1.
 */
function initialHeaders(config: ClientConfig, method: string, target: string): Record<string, string> {
  return {
    'max-forwards': '70',
    route: `<${config.outboundProxy}>`,
    from: `<${config.userUri}>;tag=${random(6)}`,
    to: `<${target}>`,
    'call-id': `${random(12)}@${config.localHost}`,
    cseq: `1 ${method}`,
    contact: contactOf(config),
  };
}

/** The rejoin INVITE (7.1.1.9): to the conference, pre-loaded Route to the outbound proxy, an MSRP offer. */
export function inviteDraft(config: ClientConfig, conference: string, msrpPort: number, tls?: OfferTls): RequestDraft {
  const sdp = buildSdpOffer({
    host: config.localHost,
    msrpPort,
    msrpSessionId: crypto.randomBytes(12).toString('base64url').replace(/[^A-Za-z0-9]/g, 'x'),
    sessionId: String(crypto.randomInt(1, 2 ** 47)),
    sessionVersion: '1',
    ...(tls ? { tls } : {}),
  });
  return {
    method: 'INVITE',
    requestUri: conference,
    headers: {
      ...initialHeaders(config, 'INVITE', conference),
      'accept-contact': `*;${IM_FEATURE_TAG}${icsiTag(config)}`,
      'user-agent': USER_AGENT,
      allow: ALLOWED_METHODS.join(', '),
      supported: SUPPORTED_OPTION_TAGS.join(', '),
      'content-type': 'application/sdp',
      ...imsHeaders(config),
    },
    body: sdp,
  };
}

/** The conference state SUBSCRIBE (7.1.1.12, RFC 4575), in a dialog of its own, to `target`. */
export function subscribeDraft(config: ClientConfig, target: string): RequestDraft {
  return {
    method: 'SUBSCRIBE',
    requestUri: target,
    headers: {
      ...initialHeaders(config, 'SUBSCRIBE', target),
      event: 'conference',
      accept: 'application/conference-info+xml',
      expires: '600',
      'user-agent': USER_AGENT,
    },
    body: '',
  };
}

/** An ACK (CSeq of the INVITE) or a new in-dialog request (next CSeq) of `dialog`. */
export function inDialogDraft(dialog: DialogIds, method: 'ACK' | 'BYE'): RequestDraft {
  const seq = method === 'ACK' ? dialog.localSeq : ++dialog.localSeq;
  const headers: Record<string, string> = {
    'max-forwards': '70',
    route: dialog.route,
    from: dialog.from,
    to: dialog.remoteTag !== undefined ? `${dialog.to};tag=${dialog.remoteTag}` : dialog.to,
    'call-id': dialog.callId,
    cseq: `${seq} ${method}`,
  };
  if (method !== 'ACK') headers['user-agent'] = USER_AGENT;
  return { method, requestUri: dialog.remoteTarget, headers, body: '' };
}

/** The Request-URI's host as a next hop (fault switch route-but-past-proxy), on `transport`. */
export function requestUriHop(requestUri: string, transport: string): NextHop {
  const uri = splitSipUri(requestUri);
  return { host: uri ? bareHost(uri.host) : requestUri, port: uri?.port ?? 5060, transport };
}

/**
 * The package's message for a draft, sent to `hop` (the outbound proxy unless a fault switch
 * says otherwise). `branch` only for an ACK: the package sends that statelessly.
 */
export function outgoing(draft: RequestDraft, hop: NextHop, branch?: string): sip.OutgoingRequest {
  const headers: sip.OutgoingHeaders = { via: branch ? [{ params: { branch } }] : [] };
  for (const [name, value] of Object.entries(draft.headers)) {
    if (name === 'route') {
      if (value.trim() !== '') headers.route = routeHeader(value, hop);
    } else if (name === 'cseq') {
      const m = /^\s*(\d+)\s+(\S+)\s*$/.exec(value);
      headers.cseq = m ? { seq: Number(m[1]), method: m[2] } : value;
    } else {
      headers[name] = value;
    }
  }
  return { method: draft.method, uri: draft.requestUri, headers, content: wireBytes(draft.body) };
}
