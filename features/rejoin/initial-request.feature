@clause:7.1.1.9 @req:RJ-01 @shall
Feature: The rejoin INVITE is an initial request built by the general rules of 7.1.1.1

  Clause 7.1.1.9: to rejoin, the IM Client SHALL build an initial SIP INVITE according to the
  general rules of clause 7.1.1.1. Those rules start from RFC 3261 section 8.1.1: an initial
  request has no To tag, a From tag, a Call-ID, a CSeq for INVITE, Max-Forwards, a top Via whose
  branch starts with the magic cookie "z9hG4bK" and whose transport is the one that carries the
  INVITE, a Contact with a SIP URI and a Content-Length equal to the body's length in bytes.

  Over TLS the suite also judges the certificate the client presents (valid now, and issued by
  the CA the test bed trusts when the profile declares mutual TLS), and, uncertain, a Contact
  reachable over TLS (sips: or ;transport=tls): RFC 3261 asks for a sips: Contact only after a
  sips: Request-URI or Route (8.1.1.8), so contact-tls is its own sub-check, waivable with a reason.

  Clause 7.1.1.1 adds what makes the INVITE an OMA IM one: the IM feature tag in the Contact, an
  Accept-Contact asking for it, and a User-Agent naming the IM release. The full text of 7.1.1.1
  was not at hand when these were written (docs/requirements.md says so), so each is its own
  scenario and its own sub-check: a lab working from another release can waive exactly one of
  them in the SUT profile, with the reason on record, and the report shows the waiver.

  Rule: The INVITE is an initial request as RFC 3261 builds it

    Scenario Outline: Ensure that the rejoin INVITE over <transport> on <ip> has the headers of an initial request
      Given the IM Server hosts the conference "sip:conf-11@conference.example.invalid"
      And the client reaches its SIP/IP Core over <transport> on <ip>
      When the user asks the client to rejoin "sip:conf-11@conference.example.invalid"
      Then the INVITE is an initial request as RFC 3261 section 8.1.1 builds it

      Examples:
        | tc                        | transport | ip   |
        | SIMPLE_IM-1.0-con-RJ01-01 | UDP       | IPv4 |
        | SIMPLE_IM-1.0-con-RJ01-02 | TCP       | IPv4 |
        | SIMPLE_IM-1.0-con-RJ01-03 | TLS       | IPv4 |
        | SIMPLE_IM-1.0-con-RJ01-04 | UDP       | IPv6 |
        | SIMPLE_IM-1.0-con-RJ01-05 | TCP       | IPv6 |
        | SIMPLE_IM-1.0-con-RJ01-06 | TLS       | IPv6 |

  Rule: The INVITE carries the OMA IM specifics of 7.1.1.1 (each separately waivable)

    Scenario Outline: Ensure that the rejoin INVITE meets the 7.1.1.1 rule "<rule>"
      Given the IM Server hosts the conference "sip:conf-12@conference.example.invalid"
      And the client reaches its SIP/IP Core over a transport it declares
      When the user asks the client to rejoin "sip:conf-12@conference.example.invalid"
      Then the INVITE passes the sub-check "<check>"

      Examples:
        | tc                        | rule                                                            | check              |
        | SIMPLE_IM-1.0-con-RJ01-07 | the Contact carries the IM feature tag +g.oma.sip-im            | oma-im-feature-tag |
        | SIMPLE_IM-1.0-con-RJ01-08 | an Accept-Contact asks for the IM feature tag                   | oma-accept-contact |
        | SIMPLE_IM-1.0-con-RJ01-09 | the User-Agent names the IM release (IM-client/OMA<release>)    | oma-user-agent     |
