/**
 * What each fault switch of the reference client (client/faults.ts) must do to the suite's
 * verdicts: test/conformance/fault-switches.test.ts runs the whole suite once per entry and
 * asserts it. No tests here, so the sub-check coverage test can read `failing` too.
 *
 * Each entry's key is the switch it turns on, unless `fault` names another (one switch judged
 * under a second profile).
 */
export interface ReferenceFaultProof {
  /** The switch to turn on when it is not the entry's key. */
  fault?: string;
  /**
   * The requirements that must turn FAIL, each with the sub-checks that must FAIL (the findings
   * of the scenarios' verdict.json): exactly these, and no other sub-check of any requirement.
   * A switch that by nature breaks two rules lists both, and a comment says why.
   */
  failing: Record<string, string[]>;
  /** What the failing scenarios' reasons must say. */
  reason: RegExp;
  /** Requirements that may turn INCONC because the fault stops the exchange they need ("all": every other one). */
  inconclusive?: string[] | 'all';
  /** The SUT profile the fault needs (RJ-09 only applies over an IMS core). */
  profile?: string;
}

const IMS = 'suts/reference-ims.json';

export const REFERENCE_FAULTS: Record<string, ReferenceFaultProof> = {
  'wrong-request-uri': { failing: { 'RJ-02': ['request-uri'] }, reason: /RJ-02 FAIL: the Request-URI sip:\S*@wrong-conference\.invalid\S* is not the IM Session Identity sip:\S*@(conference\.example\.invalid|\[2001:db8::8\])/ },
  // RJ-01
  'no-from-tag': { failing: { 'RJ-01': ['from-tag'] }, reason: /RJ-01 FAIL: the From has no tag/ },
  'to-with-tag': { failing: { 'RJ-01': ['to-without-tag'] }, reason: /RJ-01 FAIL: the To of the initial INVITE has a tag, so it is not an initial request/ },
  'two-call-ids': { failing: { 'RJ-01': ['call-id'] }, reason: /RJ-01 FAIL: the INVITE has 2 Call-ID headers where RFC 3261 8\.1\.1 asks for exactly one non-empty Call-ID/ },
  'cseq-too-large': { failing: { 'RJ-01': ['cseq-invite'] }, reason: /RJ-01 FAIL: the CSeq "2147483648 INVITE" is not a number below 2\^31 followed by INVITE/ },
  'no-max-forwards': { failing: { 'RJ-01': ['max-forwards'] }, reason: /RJ-01 FAIL: the INVITE has no Max-Forwards/ },
  'invite-branch-without-cookie': { failing: { 'RJ-01': ['via-branch'] }, reason: /RJ-01 FAIL: the top Via's branch "\d+" does not start with the magic cookie z9hG4bK/ },
  'contact-not-sip': { failing: { 'RJ-01': ['contact-sip-uri'] }, reason: /RJ-01 FAIL: the Contact does not hold a SIP URI: .* \(RFC 3261 8\.1\.1\.8\)/ },
  'from-space-in-brackets': { failing: { 'RJ-01': ['from-to-syntax'] }, reason: /RJ-01 FAIL: the From is malformed: < sip:\S+> does not hold a URI/ },
  'no-im-feature-tag': { failing: { 'RJ-01': ['oma-im-feature-tag'] }, reason: /RJ-01 FAIL: the Contact lacks the IM feature tag \+g\.oma\.sip-im/ },
  'no-accept-contact': { failing: { 'RJ-01': ['oma-accept-contact'] }, reason: /RJ-01 FAIL: the INVITE has no Accept-Contact/ },
  'malformed-header-line': { failing: { 'RJ-01': ['message-syntax'] }, reason: /RJ-01 FAIL: line \d+ of the INVITE is malformed: not a header line \("X-Note [Bb]roken" is not a header name\)/ },
  'wrong-user-agent': { failing: { 'RJ-01': ['oma-user-agent'] }, reason: /RJ-01 FAIL: the User-Agent "simple-im-reference\/[\d.]+" does not start with IM-client\/OMA/ },
  // Over TLS: each breaks only what a TLS row judges (the UDP and TCP rows are untouched).
  'via-tcp-over-tls': { failing: { 'RJ-01': ['via-transport'] }, reason: /RJ-01 FAIL: the top Via says SIP\/2\.0\/TCP, but the INVITE came over TLS/ },
  'contact-tcp-over-tls': { failing: { 'RJ-01': ['contact-tls'] }, reason: /RJ-01 FAIL: the INVITE came over TLS, but its Contact sip:\S+;transport=tcp asks for no TLS/ },
  'no-client-certificate': { failing: { 'RJ-01': ['tls-client-certificate'] }, reason: /RJ-01 FAIL: the profile declares mutual TLS, but the client presented no certificate on TLS connection \d+/ },
  // RJ-03. Without a body the other rules have nothing to read (INCONC findings).
  'no-sdp-body': {
    failing: { 'RJ-03': ['sdp-content-type'] },
    reason: /RJ-03 FAIL: the INVITE has no Content-Type and no body/,
  },
  'sdp-as-text-plain': { failing: { 'RJ-03': ['sdp-content-type'] }, reason: /RJ-03 FAIL: the body is text\/plain, not application\/sdp/ },
  'no-session-name': { failing: { 'RJ-03': ['sdp-session-lines'] }, reason: /RJ-03 FAIL: the SDP session lacks s=/ },
  'malformed-timing': { failing: { 'RJ-03': ['sdp-timing'] }, reason: /RJ-03 FAIL: the t= line "t=0" is not two times/ },
  'audio-m-line': { failing: { 'RJ-03': ['msrp-media'] }, reason: /RJ-03 FAIL: the SDP offers no MSRP session: the media offered is "m=audio \d+ RTP\/AVP 0"/ },
  'no-msrp-path': { failing: { 'RJ-03': ['msrp-path'] }, reason: /RJ-03 FAIL: the MSRP media has no a=path/ },
  'no-accept-types': { failing: { 'RJ-03': ['msrp-accept-types'] }, reason: /RJ-03 FAIL: the MSRP media has no a=accept-types/ },
  // Port 0 rejects the stream (RFC 3264 5.1): the MSRP rules have no media to read (INCONC).
  'msrp-port-zero': { failing: { 'RJ-03': ['msrp-media'] }, reason: /RJ-03 FAIL: .*port is 0/ },
  'msrp-plain-over-tls': {
    failing: { 'RJ-03': ['msrp-tls-over-tls'] },
    reason: /RJ-03 FAIL: the INVITE came over TLS, but its offer asks for MSRP in the clear \(TCP\/MSRP, not TCP\/TLS\/MSRP\)/,
  },
  // The m= line says TCP/MSRP under an msrps: path: over TLS that m= line is also MSRP in the clear.
  'msrps-path-with-tcp-proto': {
    failing: { 'RJ-03': ['msrp-path', 'msrp-tls-over-tls'] },
    reason: /RJ-03 FAIL: (the path URI scheme msrps does not agree with the m= line's TCP\/MSRP|the INVITE came over TLS, but its offer asks for MSRP in the clear)/,
  },
  'no-connection-line': { failing: { 'RJ-03': ['msrp-connection-address'] }, reason: /RJ-03 FAIL: neither the session nor the MSRP media has a c= line/ },
  // RJ-04. A client that ignores its outbound proxy cannot reach a ".invalid" conference at
  // all: those scenarios say INCONC with the client's own reason; the one at the IM Server's
  // address FAILs, and its INVITE has no Route either (the bypass is the Route left out).
  // The Route is right but the INVITE goes past the proxy: via-sip-ip-core alone (the rest as above).
  'route-but-past-proxy': {
    failing: { 'RJ-04': ['via-sip-ip-core'] },
    reason: /RJ-04 FAIL: the INVITE bypassed the SIP\/IP Core: it arrived at (UDP|TCP|TLS) (127\.0\.0\.3|\[::1\]):\d+, not at the outbound proxy/,
    inconclusive: 'all',
  },
  'bypass-proxy': {
    failing: { 'RJ-04': ['preloaded-route', 'via-sip-ip-core'] },
    reason: /RJ-04 FAIL: the INVITE bypassed the SIP\/IP Core: it arrived at (UDP|TCP|TLS) (127\.0\.0\.3|\[::1\]):\d+, not at the outbound proxy/,
    inconclusive: 'all',
  },
  'route-without-lr': { failing: { 'RJ-04': ['preloaded-route'] }, reason: /RJ-04 FAIL: the first Route entry sip:(127\.0\.0\.1|\[::1\]):\d+;transport=\w+ lacks lr/ },
  // Over an IMS core the outbound proxy is the P-CSCF: its first Route entry is RJ-09's too.
  'route-without-lr over IMS': {
    fault: 'route-without-lr',
    profile: IMS,
    failing: { 'RJ-04': ['preloaded-route'], 'RJ-09': ['ims-route-to-pcscf'] },
    reason: /RJ-04 FAIL: the first Route entry sip:(127\.0\.0\.1|\[::1\]):\d+;transport=\w+ lacks lr|RJ-09 FAIL: the first Route entry sip:(127\.0\.0\.1|\[::1\]):\d+;transport=\w+ is not the P-CSCF \S+ with lr: lr is missing/,
  },
  // The Request-URI can be the proxy only by not being the conference: RJ-02 FAILs too.
  'request-uri-is-proxy': {
    failing: { 'RJ-02': ['request-uri'], 'RJ-04': ['request-uri-kept'] },
    reason: /RJ-04 FAIL: the Request-URI is the outbound proxy sip:(127\.0\.0\.1|\[::1\]):\d+;transport=\w+;lr, not the conference|RJ-02 FAIL: the Request-URI sip:(127\.0\.0\.1|\[::1\]):\d+;transport=\w+;lr is not the IM Session Identity/,
  },
  'route-sips-over-tls': {
    failing: { 'RJ-04': ['route-scheme-as-configured'] },
    reason: /RJ-04 FAIL: the first Route entry sips:\S+ is a sips: URI where the configured outbound proxy is the sip: URI sip:\S+;transport=tls;lr/,
  },
  // RB-02
  'no-invite-retransmission': {
    failing: { 'RB-02': ['invite-retransmitted', 'lost-invite-retransmitted'] },
    reason: /RB-02 FAIL: (over UDP the INVITE was not retransmitted within \d+ ms with no answer|the first INVITE was lost over UDP and the client sent no copy within \d+ ms) \(RFC 3261 Timer A starts at T1 = 50 ms\)/,
  },
  // RJ-05. Without any ACK every robustness case that waits for one FAILs too; RJ-05's other
  // rules have no ACK to judge (INCONC findings).
  'no-ack': {
    failing: { 'RJ-05': ['ack-sent'], 'RB-02': ['session-set-up-after-loss'], 'RB-04': ['ack-each-retransmission'], 'RB-05': ['session-established'] },
    reason: /RJ-05 FAIL: the client did not acknowledge the 200 OK|RB-02 FAIL: the client did not acknowledge the 2xx \(message #\d+\) that answered its retransmitted INVITE|RB-04 FAIL: the copy of the 200 OK sent as message #\d+ was not acknowledged|RB-05 FAIL: the client did not acknowledge the unusual 200 OK/,
  },
  // RB-04 is the same rule over TCP (support/checks/sub-checks.ts).
  'ack-once': {
    failing: { 'RJ-05': ['ack-each-retransmission'], 'RB-04': ['ack-each-retransmission'] },
    reason: /(RJ-05|RB-04) FAIL: the copy of the 200 OK sent as message #\d+ was not acknowledged \(\d+ copies of the 2xx, \d+ ACKs?; the ACKs answer the copies in order\)/,
  },
  'ack-ignores-route-set': {
    failing: { 'RJ-05': ['ack-route-set'] },
    reason: /RJ-05 FAIL: the ACK's Route \(<sip:(127\.0\.0\.1|\[::1\]):\d+;transport=\w+;lr>\) is not the route set the 200 OK's Record-Route gives .*1 Route entry where the route set has 2/,
  },
  // The ACK is an in-dialog request too: RJ-07 sees it go to the wrong target as well.
  'ack-to-request-uri': {
    failing: { 'RJ-05': ['ack-request-uri'], 'RJ-07': ['later-requests-target-contact'] },
    reason: /RJ-05 FAIL: the ACK's Request-URI sip:\S+ is not the remote target|RJ-07 FAIL: the client's ACK \(message #\d+\) goes to sip:\S+, not to the IM Session Identity/,
  },
  'ack-cseq-invite': { failing: { 'RJ-05': ['ack-cseq'] }, reason: /RJ-05 FAIL: the ACK's CSeq "\d+ INVITE" is not "\d+ ACK"/ },
  'ack-other-call-id': { failing: { 'RJ-05': ['ack-call-id'] }, reason: /RJ-05 FAIL: the ACK's Call-ID "other-\S+" is not the INVITE's "\S+"/ },
  'ack-without-to-tag': { failing: { 'RJ-05': ['ack-dialog-tags'] }, reason: /RJ-05 FAIL: the ACK's To tag is not the dialog's: From tag \S+, To tag none/ },
  'ack-reuses-invite-branch': { failing: { 'RJ-05': ['ack-new-branch'] }, reason: /RJ-05 FAIL: the ACK of a 2xx reuses the INVITE's branch z9hG4bK\w+/ },
  // RJ-06
  'ignore-allow': {
    failing: { 'RJ-06': ['no-method-outside-allow'] },
    reason: /RJ-06 FAIL: the client sent SUBSCRIBE \(message #\d+\), a method the 200 OK's Allow \(INVITE, ACK, CANCEL, BYE(, UPDATE)?\) does not list/,
  },
  'state-allow-short': { failing: { 'RJ-06': ['state-allow'] }, reason: /RJ-06 FAIL: the client reports the kept methods .*, not the 200 OK's Allow \(.+\)/ },
  // RJ-07
  'bye-to-request-uri': {
    failing: { 'RJ-07': ['later-requests-target-contact'] },
    reason: /RJ-07 FAIL: the client's BYE \(message #\d+\) goes to sip:conf-71@conference\.example\.invalid, not to the IM Session Identity sip:conf-71-session@focus\.example\.invalid/,
  },
  // Its Call-ID and To tag are of no dialog: judged all the same (it comes from the client's own port), never set aside as stray.
  'bye-out-of-dialog': {
    failing: { 'RJ-07': ['later-requests-target-contact'] },
    reason: /RJ-07 FAIL: the client's BYE \(message #\d+\) goes to sip:conf-71@conference\.example\.invalid, not to the IM Session Identity sip:conf-71-session@focus\.example\.invalid/,
  },
  'bye-ignores-route-set': {
    failing: { 'RJ-07': ['later-requests-route-set'] },
    reason: /RJ-07 FAIL: the client's BYE \(message #\d+\) has the Route <sip:(127\.0\.0\.1|\[::1\]):\d+;transport=\w+;lr>, not the route set the 200 OK's Record-Route gives/,
  },
  // The SUBSCRIBE is a later request of the session (RJ-07) and the subscription's own (RJ-08).
  'subscribe-to-request-uri': {
    failing: { 'RJ-07': ['later-requests-target-contact'], 'RJ-08': ['subscribe-target'] },
    reason: /RJ-07 FAIL: the client's SUBSCRIBE .* goes to sip:\S+, not to the IM Session Identity|RJ-08 FAIL: the SUBSCRIBE goes to sip:\S+, not to the stored IM Session Identity/,
  },
  'state-forgets-session-identity': { failing: { 'RJ-07': ['state-session-identity'] }, reason: /RJ-07 FAIL: the client reports the kept IM Session Identity null, not sip:\S+: nothing was kept/ },
  // RJ-08
  'subscribe-without-event': { failing: { 'RJ-08': ['subscribe-event'] }, reason: /RJ-08 FAIL: the SUBSCRIBE has no Event header/ },
  'subscribe-without-accept': { failing: { 'RJ-08': ['subscribe-accept'] }, reason: /RJ-08 FAIL: the SUBSCRIBE's Accept \(none\) does not list application\/conference-info\+xml/ },
  'subscribe-without-expires': { failing: { 'RJ-08': ['subscribe-expires'] }, reason: /RJ-08 FAIL: the SUBSCRIBE has no Expires header/ },
  'subscribe-with-to-tag': { failing: { 'RJ-08': ['subscribe-new-dialog'] }, reason: /RJ-08 FAIL: the SUBSCRIBE carries the To tag not-new, so it is not in a new dialog/ },
  'subscribe-contact-not-sip': { failing: { 'RJ-08': ['subscribe-contact'] }, reason: /RJ-08 FAIL: the SUBSCRIBE's Contact "<im:\S+>[^"]*" holds no SIP URI/ },
  // RB-06 is the same answer to a NOTIFY that overtook the SUBSCRIBE's 200 OK.
  'reject-notify': {
    failing: { 'RJ-08': ['notify-answered'], 'RB-06': ['early-notify-accepted'] },
    reason: /(RJ-08|RB-06) FAIL: the client answered the (IM Server's|early) NOTIFY with "SIP\/2\.0 489 Bad Event"/,
  },
  // Without a SUBSCRIBE there is no NOTIFY to overtake its 200 OK: RB-06 cannot be judged.
  'no-subscribe': { failing: { 'RJ-08': ['subscribe-sent'] }, reason: /RJ-08 FAIL: the client declares the conference state subscription .* but sent no SUBSCRIBE/, inconclusive: ['RB-06'] },
  // RJ-09, over an IMS core
  'no-p-preferred-identity': { failing: { 'RJ-09': ['ims-preferred-identity'] }, reason: /RJ-09 FAIL: the INVITE has no P-Preferred-Identity/, profile: IMS },
  'no-icsi': { failing: { 'RJ-09': ['ims-icsi'] }, reason: /RJ-09 FAIL: the Contact does not carry the ICSI urn:urn-7:3gpp-service\.ims\.icsi\.oma\.cpm\.session in \+g\.3gpp\.icsi-ref/, profile: IMS },
  'no-access-network-info': { failing: { 'RJ-09': ['ims-access-network-info'] }, reason: /RJ-09 FAIL: the INVITE has no P-Access-Network-Info, though the profile says the access provides it/, profile: IMS },
};
