@clause:7.1.1.9 @req:RJ-02 @shall
Feature: The rejoin INVITE targets the conference's IM Session Identity

  Clause 7.1.1.9: when its user asks to rejoin an IM conference session, the IM Client SHALL put
  the conference's IM Session Identity in the Request-URI of the initial INVITE.

  The suite compares the two URIs by the rules of RFC 3261 section 19.1.4, not as strings: the
  host compares without regard to case, an escaped character in the user part equals the same
  character unescaped, and a transport, user, method, ttl or maddr parameter present on either
  side must be present and equal on both.

  Every conference host ends in ".invalid", which never resolves: the INVITE can only reach the
  suite through the client's outbound proxy (the SIP/IP Core entry point), where it is recorded.

  Rule: The Request-URI is the IM Session Identity the user asked to rejoin

    Scenario Outline: Ensure that the client, asked to rejoin <shape>, sends its INVITE to that IM Session Identity over <transport> on <ip>
      Given the IM Server hosts the conference "<conference>"
      And the client reaches its SIP/IP Core over <transport> on <ip>
      When the user asks the client to rejoin "<conference>"
      Then the INVITE's Request-URI is the IM Session Identity "<conference>"

      Examples:
        | tc                        | shape                                               | conference                                               | transport | ip   |
        | SIMPLE_IM-1.0-con-RJ02-01 | a conference hosted apart from the IM Server        | sip:conf-42@conference.example.invalid                   | UDP       | IPv4 |
        | SIMPLE_IM-1.0-con-RJ02-02 | a conference hosted apart from the IM Server        | sip:conf-42@conference.example.invalid                   | TCP       | IPv4 |
        | SIMPLE_IM-1.0-con-RJ02-03 | a conference hosted apart from the IM Server        | sip:conf-42@conference.example.invalid                   | TLS       | IPv4 |
        | SIMPLE_IM-1.0-con-RJ02-04 | a conference hosted apart from the IM Server        | sip:conf-42@conference.example.invalid                   | UDP       | IPv6 |
        | SIMPLE_IM-1.0-con-RJ02-05 | a conference hosted apart from the IM Server        | sip:conf-42@conference.example.invalid                   | TCP       | IPv6 |
        | SIMPLE_IM-1.0-con-RJ02-06 | a conference whose user part has escaped characters | sip:team%20chat@conference.example.invalid               | UDP       | IPv4 |
        | SIMPLE_IM-1.0-con-RJ02-07 | a conference URI with a port and parameters         | sip:conf-7@conference.example.invalid:5062;transport=tcp | TCP       | IPv4 |
        | SIMPLE_IM-1.0-con-RJ02-08 | a conference URI with an unknown parameter          | sip:conf-9@conference.example.invalid;session=im         | UDP       | IPv4 |
        | SIMPLE_IM-1.0-con-RJ02-09 | a conference whose host is an IPv6 reference        | sip:conf-8@[2001:db8::8]:5062                            | TLS       | IPv6 |
