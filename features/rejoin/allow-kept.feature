@clause:7.1.1.9 @req:RJ-06 @shall
Feature: The client keeps the methods the IM Server allows

  Clause 7.1.1.9: on the 200 OK, the IM Client SHALL store the list of SIP methods the IM Server
  supports, when the response has an Allow header. The suite sees the stored list through what
  the client does: for the rest of the session it sends no request whose method that list lacks
  (ACK and CANCEL belong to the INVITE itself and are exempt). The Allow list may come on one
  line or spread over several (RFC 3261 section 7.3.1 makes them one list). Where the client
  answers the upper tester's "state", the stored list is also compared directly. A 200 OK without
  Allow leaves nothing to keep ("when the response has an Allow header"): whether the session
  still works then is robustness RB-05's scenario (robustness/unusual-ok.feature), not judged twice.

  Rule: Only the allowed methods are used in the session

    Scenario Outline: Ensure that the client, given Allow "<allow>" <shape>, uses no other method until it leaves over <transport> on <ip>
      Given the IM Server hosts the conference "sip:conf-61@conference.example.invalid"
      And the IM Server's 200 OK allows "<allow>" <shape>
      And the client reaches its SIP/IP Core over <transport> on <ip>
      When the user asks the client to rejoin "sip:conf-61@conference.example.invalid"
      And the user asks the client to leave
      Then the client sends no request whose method the 200 OK did not allow

      Examples:
        | tc                        | allow                                                        | shape                    | transport | ip   |
        | SIMPLE_IM-1.0-con-RJ06-01 | INVITE, ACK, CANCEL, BYE                                     | on one line              | UDP       | IPv4 |
        | SIMPLE_IM-1.0-con-RJ06-02 | INVITE, ACK, CANCEL, BYE, SUBSCRIBE, NOTIFY                  | on one line              | TCP       | IPv4 |
        | SIMPLE_IM-1.0-con-RJ06-03 | INVITE, ACK, CANCEL, BYE, SUBSCRIBE, NOTIFY                  | on one line              | TLS       | IPv4 |
        | SIMPLE_IM-1.0-con-RJ06-04 | INVITE, ACK, CANCEL, BYE                                     | on one line              | UDP       | IPv6 |
        | SIMPLE_IM-1.0-con-RJ06-05 | INVITE, ACK, CANCEL, BYE, SUBSCRIBE, NOTIFY                  | on one line              | TCP       | IPv6 |
        | SIMPLE_IM-1.0-con-RJ06-06 | INVITE, ACK, CANCEL, BYE, SUBSCRIBE, NOTIFY                  | on one line              | TLS       | IPv6 |
        | SIMPLE_IM-1.0-con-RJ06-07 | INVITE, ACK, CANCEL, BYE, UPDATE                             | one method per line      | UDP       | IPv4 |
