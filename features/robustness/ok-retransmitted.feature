@clause:7.1.1.9 @req:RB-04 @robustness
Feature: Robustness: the 200 OK is retransmitted over TCP because the ACK was lost

  An IM Server retransmits its 2xx on every transport until the ACK arrives (RFC 3261 13.3.1.4):
  the ACK may be lost beyond the first, reliable hop. RJ-05 judges the copies over UDP; this
  judges them over TCP, where a client may not expect one.

  The clause does not say what the IM Client does when the rejoin does not go as planned. These
  scenarios report how the client copes, apart from the compliance verdict, which they never
  change: a crash, a hang or a protocol violation here is shown, not gated.

  Rule: A 200 OK retransmitted over a reliable transport is acknowledged again

    @tc:SIMPLE_IM-1.0-con-RB04-01
    Scenario: Ensure that the client acknowledges a 200 OK retransmitted over TCP because its ACK was lost
      Given the IM Server hosts the conference "sip:conf-r4@conference.example.invalid"
      And the client reaches its SIP/IP Core over TCP
      And the client's first ACK is lost on the way
      When the user asks the client to rejoin "sip:conf-r4@conference.example.invalid"
      Then the client acknowledges every copy of the 200 OK it received
