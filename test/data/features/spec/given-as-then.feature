@clause:7.1.1.9 @req:RJ-02 @shall
Feature: A scenario that uses a Given as its Then (test data)

  Not a requirement of the clause: test/docs/test-specification.test.ts gives this file to
  scripts/test-spec.ts, which must not take a precondition for a pass criterion.

  @tc:SIMPLE_IM-1.0-con-RJ02-97
  Scenario: Ensure that a Given written as a Then is refused
    Given the IM Server hosts the conference "sip:conf-97@conference.example.invalid"
    When the user asks the client to rejoin "sip:conf-97@conference.example.invalid"
    Then the client reaches its SIP/IP Core over UDP
