@clause:7.1.1.9 @req:RJ-03 @shall
Feature: The rejoin INVITE carries an SDP offer for an MSRP session

  Clause 7.1.1.9: the IM Client SHALL include in the INVITE an SDP offer, in a MIME body,
  following RFC 3264 (offer/answer), RFC 4566 (SDP) and RFC 4975 (MSRP).

  The suite reads the body as it was on the wire: Content-Type application/sdp; the session
  lines v, o, s and t in the RFC 4566 order; a t= line; at least one "m=message <port> TCP/MSRP *"
  (or TCP/TLS/MSRP) with a port other than 0; its a=path holding the client's own msrp: (or
  msrps:) URI with the transport the m= line names; a=accept-types, which RFC 4975 makes mandatory
  in an offer; and a connection address for the media, of the address type c= names (IP4, IP6).
  A failing rule names the offending line of the message.

  Over TLS one more rule applies, and it is uncertain: an offer sent inside a TLS-protected SIP
  session should ask for MSRP over TLS (TCP/TLS/MSRP, msrps:), or the messages lose the
  protection the signalling had. The clause only says "according to the MSRP specification", and
  RFC 4975 section 14 does not say in so many words that an offer over TLS must ask for TLS; so it
  is its own sub-check, msrp-tls-over-tls, that a lab can waive with its reason on record.

  Rule: The INVITE's body is an SDP offer for one MSRP session

    Scenario Outline: Ensure that the rejoin INVITE over <transport> on <ip> offers an MSRP session in SDP
      Given the IM Server hosts the conference "sip:conf-31@conference.example.invalid"
      And the client reaches its SIP/IP Core over <transport> on <ip>
      When the user asks the client to rejoin "sip:conf-31@conference.example.invalid"
      Then the INVITE carries an SDP offer for an MSRP session

      Examples:
        | tc                        | transport | ip   |
        | SIMPLE_IM-1.0-con-RJ03-01 | UDP       | IPv4 |
        | SIMPLE_IM-1.0-con-RJ03-02 | TCP       | IPv4 |
        | SIMPLE_IM-1.0-con-RJ03-03 | TLS       | IPv4 |
        | SIMPLE_IM-1.0-con-RJ03-04 | UDP       | IPv6 |
        | SIMPLE_IM-1.0-con-RJ03-05 | TCP       | IPv6 |
        | SIMPLE_IM-1.0-con-RJ03-06 | TLS       | IPv6 |
