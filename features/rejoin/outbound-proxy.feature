@clause:7.1.1.9 @req:RJ-04 @shall
Feature: The rejoin INVITE goes towards the IM Server through the SIP/IP Core

  Clause 7.1.1.9: the IM Client SHALL send the INVITE towards the IM Server according to the
  rules of the SIP/IP Core. The client is configured with an outbound proxy, the SIP/IP Core's
  entry point, so RFC 3261 section 8.1.2 makes it a pre-loaded Route: the INVITE goes to the proxy,
  its first Route entry is the proxy's URI with "lr", and the Request-URI stays the conference.

  The suite is that proxy. In the first rule the conference host ends in ".invalid" and never
  resolves, so a client that bypasses the proxy sends nothing the suite could see: the verdict is
  then INCONC with the client's own reason. The second rule makes the bypass visible: the
  conference lives at the IM Server's own loopback address, and an INVITE that arrives there
  instead of at the proxy FAILs.

  Over TLS the first Route entry must ask for TLS (;transport=tls or sips:). A sips: entry where
  the proxy was configured as sip:…;transport=tls names the same hop, but RFC 3261 19.1.4 never
  equates a sip and a sips URI: that is uncertain, so it is its own sub-check,
  route-scheme-as-configured, which a lab can waive with its reason on record.

  Rule: The INVITE reaches the SIP/IP Core with the outbound proxy as its pre-loaded Route

    Scenario Outline: Ensure that the rejoin INVITE over <transport> on <ip> goes to the outbound proxy with a pre-loaded Route
      Given the IM Server hosts the conference "sip:conf-41@conference.example.invalid"
      And the client reaches its SIP/IP Core over <transport> on <ip>
      When the user asks the client to rejoin "sip:conf-41@conference.example.invalid"
      Then the INVITE reaches the IM Server through the SIP/IP Core

      Examples:
        | tc                        | transport | ip   |
        | SIMPLE_IM-1.0-con-RJ04-01 | UDP       | IPv4 |
        | SIMPLE_IM-1.0-con-RJ04-02 | TCP       | IPv4 |
        | SIMPLE_IM-1.0-con-RJ04-03 | TLS       | IPv4 |
        | SIMPLE_IM-1.0-con-RJ04-04 | UDP       | IPv6 |
        | SIMPLE_IM-1.0-con-RJ04-05 | TCP       | IPv6 |
        | SIMPLE_IM-1.0-con-RJ04-06 | TLS       | IPv6 |

  Rule: The INVITE does not bypass the SIP/IP Core, even when the IM Server is reachable

    Scenario Outline: Ensure that the client, asked to rejoin a conference at the IM Server's own address, still sends through the SIP/IP Core over <transport> on <ip>
      Given the client reaches its SIP/IP Core over <transport> on <ip>
      And the IM Server hosts the conference "conf-42" at its own address, apart from the SIP/IP Core
      When the user asks the client to rejoin that conference
      Then the INVITE reaches the IM Server through the SIP/IP Core

      Examples:
        | tc                        | transport | ip   |
        | SIMPLE_IM-1.0-con-RJ04-07 | UDP       | IPv4 |
        | SIMPLE_IM-1.0-con-RJ04-08 | TCP       | IPv4 |
        | SIMPLE_IM-1.0-con-RJ04-09 | TLS       | IPv4 |
        | SIMPLE_IM-1.0-con-RJ04-10 | UDP       | IPv6 |
        | SIMPLE_IM-1.0-con-RJ04-11 | TCP       | IPv6 |
        | SIMPLE_IM-1.0-con-RJ04-12 | TLS       | IPv6 |
