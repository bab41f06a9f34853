@clause:7.1.1.9 @req:RB-06 @ics:conference-subscription @robustness
Feature: Robustness: the NOTIFY overtakes the 200 OK to the SUBSCRIBE

  RFC 6665 4.1.2.4 lets the NOTIFY arrive before the 200 OK to its SUBSCRIBE.

  The clause does not say what the IM Client does when the rejoin does not go as planned. These
  scenarios report how the client copes, apart from the compliance verdict, which they never
  change: a crash, a hang or a protocol violation here is shown, not gated.

  Rule: A NOTIFY that comes before the 200 OK to the SUBSCRIBE is accepted (RFC 6665 allows it)

    @tc:SIMPLE_IM-1.0-con-RB06-01
    Scenario: Ensure that the client accepts the conference NOTIFY that arrives before the 200 OK to its SUBSCRIBE
      Given the client declares the conference state subscription
      And the IM Server hosts the conference "sip:conf-r6@conference.example.invalid"
      And the IM Server sends its NOTIFY before the 200 OK to the SUBSCRIBE
      And the client reaches its SIP/IP Core over a transport it declares
      When the user asks the client to rejoin "sip:conf-r6@conference.example.invalid"
      Then the client accepts the NOTIFY that came before the 200 OK
