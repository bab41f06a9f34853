@clause:7.1.1.9 @req:RB-03 @robustness
Feature: Robustness: the IM Server redirects the rejoin

  The IM Server answers the INVITE with a 302 and a new Contact.

  The clause does not say what the IM Client does when the rejoin does not go as planned. These
  scenarios report how the client copes, apart from the compliance verdict, which they never
  change: a crash, a hang or a protocol violation here is shown, not gated.

  Rule: A redirect is followed once or reported, never looped

    @tc:SIMPLE_IM-1.0-con-RB03-01
    Scenario: Ensure that the client, redirected with 302, acknowledges it and does not loop
      Given the IM Server hosts the conference "sip:conf-r3@conference.example.invalid"
      And the IM Server redirects the INVITE to "sip:conf-r3@moved.example.invalid"
      And the client reaches its SIP/IP Core over a transport it declares
      When the user asks the client to rejoin "sip:conf-r3@conference.example.invalid"
      Then the client acknowledges the redirect and does not loop
