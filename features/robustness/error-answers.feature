@clause:7.1.1.9 @req:RB-01 @robustness
Feature: Robustness: an error answer from the IM Server

  The IM Server refuses the rejoin with an error status.

  The clause does not say what the IM Client does when the rejoin does not go as planned. These
  scenarios report how the client copes, apart from the compliance verdict, which they never
  change: a crash, a hang or a protocol violation here is shown, not gated.

  Rule: An error answer is acknowledged and ends the attempt

    Scenario Outline: Ensure that the client, refused with <status>, acknowledges it and sends nothing more to the conference
      Given the IM Server hosts the conference "sip:conf-r1@conference.example.invalid"
      And the IM Server answers the INVITE with <status>
      And the client reaches its SIP/IP Core over a transport it declares
      When the user asks the client to rejoin "sip:conf-r1@conference.example.invalid"
      Then the client acknowledges the failure and sends nothing more to the conference

      Examples:
        | tc                        | status |
        | SIMPLE_IM-1.0-con-RB01-01 | 403    |
        | SIMPLE_IM-1.0-con-RB01-02 | 404    |
        | SIMPLE_IM-1.0-con-RB01-03 | 480    |
        | SIMPLE_IM-1.0-con-RB01-04 | 486    |
        | SIMPLE_IM-1.0-con-RB01-05 | 488    |
        | SIMPLE_IM-1.0-con-RB01-06 | 503    |
