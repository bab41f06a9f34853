@clause:7.1.1.9 @req:RB-02 @robustness
Feature: Robustness: the IM Server never answers, or the INVITE is lost

  No answer comes to the INVITE, or its first datagram is lost over UDP.

  The clause does not say what the IM Client does when the rejoin does not go as planned. These
  scenarios report how the client copes, apart from the compliance verdict, which they never
  change: a crash, a hang or a protocol violation here is shown, not gated.

  Rule: Silence, or a lost INVITE, is met with INVITE retransmissions over UDP (RFC 3261 Timer A)

    @tc:SIMPLE_IM-1.0-con-RB02-01
    Scenario: Ensure that the client retransmits its INVITE over UDP when the IM Server never answers
      Given the IM Server hosts the conference "sip:conf-r2@conference.example.invalid"
      And the IM Server never answers the INVITE
      And the client reaches its SIP/IP Core over UDP
      When the user asks the client to rejoin "sip:conf-r2@conference.example.invalid"
      Then the client retransmits its INVITE as RFC 3261 Timer A says

    @tc:SIMPLE_IM-1.0-con-RB02-02
    Scenario: Ensure that the client whose first INVITE is lost over UDP sets the session up on its retransmission
      Given the IM Server hosts the conference "sip:conf-r2b@conference.example.invalid"
      And the client's first INVITE is lost on the way
      And the client reaches its SIP/IP Core over UDP
      When the user asks the client to rejoin "sip:conf-r2b@conference.example.invalid"
      Then the client sends the lost INVITE again and sets the session up on the copy
