@clause:7.1.1.9 @req:RJ-07 @shall
Feature: The client keeps the IM Session Identity from the Contact of the 200 OK

  Clause 7.1.1.9: on the 200 OK, the IM Client SHALL store the IM Session Identity it finds in
  the Contact header (RFC 4579: the conference focus answers with the conference URI as its
  Contact, marked "isfocus"). The suite's IM Server answers with a Contact that differs from the
  Request-URI, so keeping it shows: every later request of the session (the ACK, the BYE when
  the user leaves, a SUBSCRIBE to the conference state) targets that Contact URI. Where the
  client answers the upper tester's "state", the stored identity is also compared directly.
  Those requests reach it through the network the 200 OK named: the in-dialog ones carry the
  dialog's route set, the 200 OK's Record-Route reversed (RFC 3261 12.1.2, 12.2.1.1), to which the
  IM Server's side of the network adds an entry of its own here.

  Rule: Later requests of the session go to the IM Session Identity of the Contact

    Scenario Outline: Ensure that the client, given the Contact "<contact>", sends every later request there over <transport> on <ip>
      Given the IM Server hosts the conference "sip:conf-71@conference.example.invalid"
      And the IM Server's 200 OK gives the Contact "<contact>"
      And the IM Server's side of the network Record-Routes too
      And the client reaches its SIP/IP Core over <transport> on <ip>
      When the user asks the client to rejoin "sip:conf-71@conference.example.invalid"
      And the user asks the client to leave
      Then every later request of the session targets the Contact of the 200 OK

      Examples:
        | tc                        | contact                                              | transport | ip   |
        | SIMPLE_IM-1.0-con-RJ07-01 | sip:conf-71-session@focus.example.invalid            | UDP       | IPv4 |
        | SIMPLE_IM-1.0-con-RJ07-02 | sip:conf-71-session@focus.example.invalid;session=im | TCP       | IPv4 |
        | SIMPLE_IM-1.0-con-RJ07-03 | sip:conf-71-session@focus.example.invalid;session=im | TLS       | IPv4 |
        | SIMPLE_IM-1.0-con-RJ07-04 | sip:conf-71-session@focus.example.invalid            | UDP       | IPv6 |
        | SIMPLE_IM-1.0-con-RJ07-05 | sip:conf-71-session@focus.example.invalid;session=im | TCP       | IPv6 |
        | SIMPLE_IM-1.0-con-RJ07-06 | sip:conf-71-session@focus.example.invalid;session=im | TLS       | IPv6 |
