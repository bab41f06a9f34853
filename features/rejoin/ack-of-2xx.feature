@clause:7.1.1.9 @req:RJ-05 @shall
Feature: The client completes the session set-up: it acknowledges the 200 OK

  On the IM Server's 200 OK the session is set up only once the client acknowledges it
  (RFC 3261 section 13.2.2.4): an ACK to the remote target, the 200 OK's Contact, with the
  INVITE's Call-ID and CSeq number (method ACK), the dialog's tags, in a new transaction, by the
  dialog's route set (RFC 3261 12.1.2, 12.2.1.1): the 200 OK's Record-Route, reversed. The SIP/IP
  Core Record-Routes, as a proxy that stays in the path does; here the IM Server's side of the
  network adds an entry too, so the order of the route set shows. A 2xx is retransmitted until
  the ACK arrives, so every retransmission must be acknowledged too.

  Rule: The 200 OK is acknowledged in the dialog it creates

    Scenario Outline: Ensure that the client acknowledges the IM Server's 200 OK over <transport> on <ip>
      Given the IM Server hosts the conference "sip:conf-51@conference.example.invalid"
      And the IM Server's 200 OK gives the Contact "sip:conf-51@focus.example.invalid;session=im"
      And the IM Server's side of the network Record-Routes too
      And the client reaches its SIP/IP Core over <transport> on <ip>
      When the user asks the client to rejoin "sip:conf-51@conference.example.invalid"
      Then the client acknowledges the 200 OK

      Examples:
        | tc                        | transport | ip   |
        | SIMPLE_IM-1.0-con-RJ05-01 | UDP       | IPv4 |
        | SIMPLE_IM-1.0-con-RJ05-02 | TCP       | IPv4 |
        | SIMPLE_IM-1.0-con-RJ05-03 | TLS       | IPv4 |
        | SIMPLE_IM-1.0-con-RJ05-04 | UDP       | IPv6 |
        | SIMPLE_IM-1.0-con-RJ05-05 | TCP       | IPv6 |
        | SIMPLE_IM-1.0-con-RJ05-06 | TLS       | IPv6 |

  Rule: Each retransmission of the 200 OK is acknowledged

    @tc:SIMPLE_IM-1.0-con-RJ05-07
    Scenario: Ensure that the client acknowledges the 200 OK again when its first ACK is lost over UDP
      Given the IM Server hosts the conference "sip:conf-52@conference.example.invalid"
      And the client reaches its SIP/IP Core over UDP
      And the client's first ACK is lost on the way
      When the user asks the client to rejoin "sip:conf-52@conference.example.invalid"
      Then the client acknowledges every retransmission of the 200 OK
