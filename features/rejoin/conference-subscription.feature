@clause:7.1.1.12 @req:RJ-08 @may @ics:conference-subscription
Feature: The client may subscribe to the conference state event package

  Clause 7.1.1.9: after the 200 OK the IM Client MAY subscribe to the conference state event
  package as clause 7.1.1.12 describes (RFC 4575 over RFC 6665): a SUBSCRIBE in a new dialog to
  the stored IM Session Identity, with "Event: conference", an Accept that lists
  application/conference-info+xml, an Expires and a Contact, and a 200 OK to the IM Server's
  NOTIFY. Only these rules are checked: any further rule of 7.1.1.12 is left out until its text
  is confirmed (docs/requirements.md).

  A client that does not declare the subscription (ics.conferenceSubscription) gets N/A; one that
  declares it and never subscribes FAILs against its own declaration. This is a MAY: its verdict
  is reported and never changes the compliance verdict.

  Rule: A declared subscription follows RFC 4575 and RFC 6665

    Scenario Outline: Ensure that the client subscribes to the conference state of the IM Session Identity over <transport> on <ip>
      Given the client declares the conference state subscription
      And the IM Server hosts the conference "sip:conf-81@conference.example.invalid"
      And the IM Server's 200 OK gives the Contact "sip:conf-81-session@focus.example.invalid"
      And the client reaches its SIP/IP Core over <transport> on <ip>
      When the user asks the client to rejoin "sip:conf-81@conference.example.invalid"
      Then the client subscribes to the conference state of the IM Session Identity

      Examples:
        | tc                        | transport | ip   |
        | SIMPLE_IM-1.0-con-RJ08-01 | UDP       | IPv4 |
        | SIMPLE_IM-1.0-con-RJ08-02 | TCP       | IPv4 |
        | SIMPLE_IM-1.0-con-RJ08-03 | TLS       | IPv4 |
        | SIMPLE_IM-1.0-con-RJ08-04 | UDP       | IPv6 |
        | SIMPLE_IM-1.0-con-RJ08-05 | TCP       | IPv6 |
        | SIMPLE_IM-1.0-con-RJ08-06 | TLS       | IPv6 |
