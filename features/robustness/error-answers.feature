@clause:7.1.1.9 @robustness
Feature: Robustness: the IM Server refuses, redirects, never answers, or answers unusually

  The clause does not say what the IM Client does when the rejoin does not go as planned. These
  scenarios report how the client copes, apart from the compliance verdict, which they never
  change: a crash, a hang or a protocol violation here is shown, not gated.

  @req:RB-01
  Rule: An error answer is acknowledged and ends the attempt

    Scenario Outline: Ensure that the client, refused with <status>, acknowledges it and sends nothing more to the conference
      Given the IM Server hosts the conference "sip:conf-r1@conference.example.invalid"
      And the IM Server answers the INVITE with <status>
      And the client reaches its SIP/IP Core over UDP
      When the user asks the client to rejoin "sip:conf-r1@conference.example.invalid"
      Then the client acknowledges the failure and sends nothing more to the conference

      Examples:
        | status |
        | 403    |
        | 404    |
        | 480    |
        | 486    |
        | 488    |
        | 503    |

  @req:RB-02
  Rule: Silence, or a lost INVITE, is met with INVITE retransmissions over UDP (RFC 3261 Timer A)

    Scenario: Ensure that the client retransmits its INVITE over UDP when the IM Server never answers
      Given the IM Server hosts the conference "sip:conf-r2@conference.example.invalid"
      And the IM Server never answers the INVITE
      And the client reaches its SIP/IP Core over UDP
      When the user asks the client to rejoin "sip:conf-r2@conference.example.invalid"
      Then the client retransmits its INVITE as RFC 3261 Timer A says

    Scenario: Ensure that the client whose first INVITE is lost over UDP sets the session up on its retransmission
      Given the IM Server hosts the conference "sip:conf-r2b@conference.example.invalid"
      And the client's first INVITE is lost on the way
      And the client reaches its SIP/IP Core over UDP
      When the user asks the client to rejoin "sip:conf-r2b@conference.example.invalid"
      Then the client sends the lost INVITE again and sets the session up on the copy

  @req:RB-03
  Rule: A redirect is followed once or reported, never looped

    Scenario: Ensure that the client, redirected with 302, acknowledges it and does not loop
      Given the IM Server hosts the conference "sip:conf-r3@conference.example.invalid"
      And the IM Server redirects the INVITE to "sip:conf-r3@moved.example.invalid"
      And the client reaches its SIP/IP Core over UDP
      When the user asks the client to rejoin "sip:conf-r3@conference.example.invalid"
      Then the client acknowledges the redirect and does not loop

  @req:RB-04
  Rule: A retransmitted 200 OK is acknowledged again

    Scenario: Ensure that the client acknowledges a 200 OK retransmitted because its ACK was lost
      Given the IM Server hosts the conference "sip:conf-r4@conference.example.invalid"
      And the client reaches its SIP/IP Core over UDP
      And the client's first ACK is lost on the way
      When the user asks the client to rejoin "sip:conf-r4@conference.example.invalid"
      Then the client acknowledges every copy of the 200 OK it received

  @req:RB-05
  Rule: A 200 OK without Allow, or with a Contact without isfocus, still sets the session up

    Scenario Outline: Ensure that the client sets the session up when the 200 OK <oddity>
      Given the IM Server hosts the conference "sip:conf-r5@conference.example.invalid"
      And the IM Server's 200 OK <setup>
      And the client reaches its SIP/IP Core over UDP
      When the user asks the client to rejoin "sip:conf-r5@conference.example.invalid"
      Then the session is set up all the same

      Examples:
        | oddity                           | setup                                                                      |
        | has no Allow header              | has no Allow header                                                        |
        | has a Contact without isfocus    | gives the Contact "sip:conf-r5-session@focus.example.invalid" without isfocus |

  @req:RB-06 @ics:conference-subscription
  Rule: A NOTIFY that comes before the 200 OK to the SUBSCRIBE is accepted (RFC 6665 allows it)

    Scenario: Ensure that the client accepts the conference NOTIFY that arrives before the 200 OK to its SUBSCRIBE
      Given the client declares the conference state subscription
      And the IM Server hosts the conference "sip:conf-r6@conference.example.invalid"
      And the IM Server sends its NOTIFY before the 200 OK to the SUBSCRIBE
      And the client reaches its SIP/IP Core over UDP
      When the user asks the client to rejoin "sip:conf-r6@conference.example.invalid"
      Then the client accepts the NOTIFY that came before the 200 OK
