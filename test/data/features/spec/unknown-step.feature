@clause:7.1.1.9 @req:RJ-02 @shall
Feature: A scenario with a step the test specification does not know (test data)

  Not a requirement of the clause: test/docs/test-specification.test.ts gives this file to
  scripts/test-spec.ts, which must stop on the step it cannot classify rather than guess.

  @tc:SIMPLE_IM-1.0-con-RJ02-99
  Scenario: Ensure that the client, on a network the suite never heard of, sends its INVITE to the IM Session Identity
    Given the IM Server hosts the conference "sip:conf-99@conference.example.invalid"
    And the client reaches its SIP/IP Core over carrier pigeon
    When the user asks the client to rejoin "sip:conf-99@conference.example.invalid"
    Then the INVITE's Request-URI is the IM Session Identity "sip:conf-99@conference.example.invalid"
