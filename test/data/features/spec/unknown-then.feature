@clause:7.1.1.9 @req:RJ-02 @shall
Feature: A scenario whose Then the test specification cannot map to sub-checks (test data)

  Not a requirement of the clause: test/docs/test-specification.test.ts gives this file to
  scripts/test-spec.ts, which must stop on a Then it has no sub-checks for.

  @tc:SIMPLE_IM-1.0-con-RJ02-98
  Scenario: Ensure that the client's INVITE is judged by a Then no step definition has
    Given the IM Server hosts the conference "sip:conf-98@conference.example.invalid"
    And the client reaches its SIP/IP Core over UDP
    When the user asks the client to rejoin "sip:conf-98@conference.example.invalid"
    Then the INVITE is beautiful
