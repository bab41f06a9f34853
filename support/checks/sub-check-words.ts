import { OMA_IM_CHECKS } from './initial-request';

/** A sub-check in words; `overTls`: judged only on an INVITE that came over TLS; `when`: only where that ICS or IXIT item holds. */
export interface SubCheckWords {
  words: string;
  overTls?: true;
  when?: { item: string; text: string };
}

const ANSWERS_STATE = { item: 'ics.answersState', text: "where the client answers the upper tester's state (ics.answersState), asked before the user leaves" };

/**
 * What each sub-check of the catalogue checks, read from its check in support/checks/ (the
 * OMA specifics in that module's own words). A sub-check of SUB_CHECKS missing here, or one here
 * that SUB_CHECKS lacks, stops `npm run spec` (scripts/test-spec.ts), which writes them into
 * docs/test-specification.md.
 */
export const SUB_CHECK_WORDS: Readonly<Record<string, Readonly<Record<string, SubCheckWords>>>> = {
  'RJ-01': {
    'message-syntax': { words: 'every header line is "name: value" in UTF-8 (RFC 3261 7.3, 25.1)' },
    'from-to-syntax': { words: 'the From and the To are well-formed name-addr or addr-spec (RFC 3261 25.1)' },
    'to-without-tag': { words: 'the To has no tag (RFC 3261 8.1.1.2)' },
    'from-tag': { words: 'the From carries a tag (RFC 3261 8.1.1.3)' },
    'call-id': { words: 'exactly one non-empty Call-ID (RFC 3261 8.1.1.4)' },
    'cseq-invite': { words: 'one CSeq: a number below 2^31 followed by INVITE (RFC 3261 8.1.1.5)' },
    'max-forwards': { words: 'one Max-Forwards, an integer from 0 to 255 (RFC 3261 8.1.1.6, 20.22; 70 is recommended, another value passes)' },
    'via-branch': { words: 'the top Via\'s branch starts with the magic cookie "z9hG4bK" (RFC 3261 8.1.1.7)' },
    'via-transport': { words: 'the top Via names the transport the INVITE came over (RFC 3261 18.1.1, 20.42)' },
    'contact-sip-uri': { words: 'one Contact holding a SIP or SIPS URI, a SIPS one after a SIPS Request-URI or top Route (RFC 3261 8.1.1.8)' },
    'content-length': { words: "the Content-Length is the body's length in bytes; over TCP and TLS it must be there and end the message where the body ends (RFC 3261 20.14, 18.3)" },
    'oma-im-feature-tag': { words: OMA_IM_CHECKS['oma-im-feature-tag'] },
    'oma-accept-contact': { words: OMA_IM_CHECKS['oma-accept-contact'] },
    'oma-user-agent': { words: OMA_IM_CHECKS['oma-user-agent'] },
    'contact-tls': { words: 'the Contact asks for TLS: a `sips:` URI, or `sip:` with `;transport=tls` (RFC 3261 19.1, 26.2.2)', overTls: true },
    'tls-client-certificate': {
      words: 'the client certificate is within its validity period (RFC 5280 4.1.2.5) and, with mutual TLS declared, chains to a CA the test bed trusts',
      overTls: true,
      when: { item: 'ics.tlsClientCertificate', text: 'where the client presents a certificate, or the profile declares mutual TLS (ics.tlsClientCertificate)' },
    },
  },
  'RJ-02': {
    'request-uri': { words: "the INVITE's Request-URI equals the conference's IM Session Identity by RFC 3261 19.1.4 (host without regard to case, escaped characters as unescaped, transport, user, method, ttl and maddr parameters on both sides or neither)" },
  },
  'RJ-03': {
    'sdp-content-type': { words: 'the body is an SDP offer: Content-Type application/sdp' },
    'sdp-session-lines': { words: 'the SDP starts with `v=0` and has `v=`, `o=`, `s=` and `t=` lines, every line `<type>=<value>`, in the order RFC 4566 section 5 gives' },
    'sdp-timing': { words: 'the `t=` line gives two times (RFC 4566 5.9)' },
    'msrp-media': { words: 'an `m=message <port> TCP/MSRP *` (or `TCP/TLS/MSRP`) line with a port other than 0 (RFC 4975 8.1, RFC 3264 5.1)' },
    'msrp-path': { words: "the MSRP media's `a=path` ends with the client's own `msrp:` (`msrps:` for `TCP/TLS/MSRP`) URI with host, port, session id and the transport `tcp` (RFC 4975 8.1, 9)" },
    'msrp-accept-types': { words: 'the MSRP media has an `a=accept-types` line (RFC 4975 8.6)' },
    'msrp-connection-address': { words: 'the session or the MSRP media has a `c=` line whose address is of the type it names, `IP4` or `IP6` (RFC 4566 5.7)' },
    'msrp-tls-over-tls': { words: 'the offer asks for MSRP over TLS: `TCP/TLS/MSRP` with an `msrps:` path (RFC 4975 14)', overTls: true },
  },
  'RJ-04': {
    'via-sip-ip-core': { words: "the INVITE arrives at the SIP/IP Core's entry point, the client's outbound proxy: its address, port and transport" },
    'preloaded-route': { words: "the first Route entry is the outbound proxy's URI with `lr` (RFC 3261 8.1.2, 16.12); over TLS it asks for TLS (`sips:` or `;transport=tls`)" },
    'request-uri-kept': { words: 'the Request-URI is the conference, not the outbound proxy (loose routing, RFC 3261 8.1.2)' },
    'route-scheme-as-configured': { words: "the outbound proxy's Route entry has the scheme of the configured proxy URI (RFC 3261 19.1.4 never equates a sip and a sips URI)", overTls: true },
  },
  'RJ-05': {
    'ack-sent': { words: 'the client sends an ACK for the 200 OK (RFC 3261 13.2.2.4)' },
    'ack-request-uri': { words: "the ACK's Request-URI is the remote target, the 200 OK's Contact (RFC 3261 12.2.1.1, compared by 19.1.4)" },
    'ack-route-set': { words: "the ACK's Route is the dialog's route set, the 200 OK's Record-Route reversed (RFC 3261 12.1.2, 12.2.1.1)" },
    'ack-call-id': { words: "the ACK's Call-ID is the INVITE's" },
    'ack-cseq': { words: "the ACK's CSeq is the INVITE's number with the method ACK (RFC 3261 13.2.2.4)" },
    'ack-dialog-tags': { words: "the ACK's From tag is the INVITE's and its To tag the 200 OK's" },
    'ack-new-branch': { words: "the ACK is a transaction of its own: a Via branch other than the INVITE's (RFC 3261 17.1.1.3 keeps the INVITE's for the ACK of a non-2xx)" },
    'ack-each-retransmission': { words: 'every copy of the 200 OK the IM Server sent is answered by an ACK of its own, in order (RFC 3261 13.2.2.4)' },
  },
  'RJ-06': {
    'no-method-outside-allow': { words: "no request the client sends after the 200 OK uses a method the 200 OK's Allow lacks (ACK and CANCEL belong to the INVITE and are exempt; a 200 OK without Allow leaves nothing to keep); INCONC when no request comes after it" },
    'state-allow': { words: "the methods the client reports it kept are the 200 OK's Allow", when: ANSWERS_STATE },
  },
  'RJ-07': {
    'later-requests-target-contact': { words: "every request the client sends after the 200 OK (the ACK, the BYE, a SUBSCRIBE) goes to the 200 OK's Contact URI (RFC 3261 19.1.4); INCONC when none comes" },
    'later-requests-route-set': { words: "the requests in the dialog after the ACK carry the dialog's route set, the 200 OK's Record-Route reversed (RFC 3261 12.1.2, 12.2.1.1); INCONC when none comes" },
    'state-session-identity': { words: "the IM Session Identity the client reports it kept is the 200 OK's Contact", when: ANSWERS_STATE },
  },
  'RJ-08': {
    'subscribe-sent': { words: 'the client sends a SUBSCRIBE after the 200 OK, within ixit.eventTimeoutMs; none FAILs against its own declaration' },
    'subscribe-target': { words: "the SUBSCRIBE's Request-URI is the stored IM Session Identity, the 200 OK's Contact (RFC 3261 19.1.4)" },
    'subscribe-event': { words: 'the SUBSCRIBE asks for the conference event package, `Event: conference` (RFC 4575; the event type compared without regard to case)' },
    'subscribe-accept': { words: "the SUBSCRIBE's Accept lists `application/conference-info+xml` (RFC 4575 3.3)" },
    'subscribe-expires': { words: 'the SUBSCRIBE has an Expires of a number of seconds' },
    'subscribe-new-dialog': { words: "the SUBSCRIBE starts a dialog of its own: a Call-ID other than the INVITE's, no To tag" },
    'subscribe-contact': { words: 'the SUBSCRIBE has a Contact with a SIP URI (RFC 6665 4.1.2.1)' },
    'notify-answered': { words: "the client answers the IM Server's NOTIFY with 200 OK (RFC 6665 4.1.3)" },
  },
  'RJ-09': {
    'ims-preferred-identity': { words: 'a P-Preferred-Identity holding a SIP or tel URI (TS 24.229 5.1.3.1)' },
    'ims-route-to-pcscf': { words: 'the first Route entry is the P-CSCF (in this test bed the configured outbound proxy) with `lr`' },
    'ims-icsi': { words: 'the Contact and the Accept-Contact carry that ICSI in `+g.3gpp.icsi-ref`', when: { item: 'ixit.ims.icsi', text: 'where the profile names the ICSI (ixit.ims.icsi)' } },
    'ims-access-network-info': { words: 'a P-Access-Network-Info header', when: { item: 'ixit.ims.accessNetworkInfo', text: 'where the profile says the access provides it (ixit.ims.accessNetworkInfo)' } },
  },
  'RB-01': {
    'non2xx-ack': { words: "the error answer is acknowledged in the INVITE's transaction: the INVITE's Request-URI, Call-ID and branch, the error's To tag (RFC 3261 17.1.1.3)" },
    'no-further-requests': { words: 'after the error answer the client sends no request other than that ACK' },
  },
  'RB-02': {
    'invite-retransmitted': { words: 'with no answer, the client sends its INVITE again over UDP (RFC 3261 Timer A, from T1 = ixit.t1Ms), watched for 8·T1' },
    'timer-a-doubling': { words: 'copy k comes T1·(2^k − 1) after the first INVITE (RFC 3261 17.1.1.2), within T1/2 plus a quarter of its due time plus how late the test bed itself ran' },
    'lost-invite-retransmitted': { words: 'the lost first INVITE comes again, watched for 4·T1 (RFC 3261 Timer A)' },
    'session-set-up-after-loss': { words: 'the 2xx that answers the copy is acknowledged: the session comes up on it' },
  },
  'RB-03': {
    'redirect-ack': { words: "the 302 is acknowledged in the INVITE's transaction (RFC 3261 17.1.1.3)" },
    'no-redirect-loop': { words: "at most one new INVITE follows, to the 302's Contact" },
  },
  'RB-04': {
    'ack-each-retransmission': { words: 'every copy of the 200 OK, retransmitted over TCP, is answered by an ACK of its own (RFC 3261 13.3.1.4, 13.2.2.4)' },
  },
  'RB-05': {
    'session-established': { words: 'the client acknowledges the unusual 200 OK: the session is set up' },
    'no-immediate-bye': { words: 'the client does not end the session with a BYE its user did not ask for' },
  },
  'RB-06': {
    'early-notify-accepted': { words: 'the client answers the NOTIFY that came before the 200 OK to its SUBSCRIBE with a 2xx (RFC 6665 4.1.2.4 allows that order)' },
  },
};
