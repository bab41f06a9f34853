@clause:7.1.1.9 @req:RB-05 @robustness
Feature: Robustness: a 200 OK without Allow, or whose Contact lacks isfocus

  The 200 OK is unusual but valid: RFC 3261 does not require Allow, and a focus that omits isfocus
  is still the remote target.

  The clause does not say what the IM Client does when the rejoin does not go as planned. These
  scenarios report how the client copes, apart from the compliance verdict, which they never
  change: a crash, a hang or a protocol violation here is shown, not gated.

  Rule: A 200 OK without Allow, or with a Contact without isfocus, still sets the session up

    Scenario Outline: Ensure that the client sets the session up when the 200 OK <oddity>
      Given the IM Server hosts the conference "sip:conf-r5@conference.example.invalid"
      And the IM Server's 200 OK <setup>
      And the client reaches its SIP/IP Core over a transport it declares
      When the user asks the client to rejoin "sip:conf-r5@conference.example.invalid"
      Then the session is set up all the same

      Examples:
        | tc                        | oddity                           | setup                                                                      |
        | SIMPLE_IM-1.0-con-RB05-01 | has no Allow header              | has no Allow header                                                        |
        | SIMPLE_IM-1.0-con-RB05-02 | has a Contact without isfocus    | gives the Contact "sip:conf-r5-session@focus.example.invalid" without isfocus |
