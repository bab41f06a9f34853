@clause:7.1.1.9 @req:RJ-01 @shall @tc:SIMPLE_IM-1.0-con-RJ01-99
Feature: A defective scenario (test data: the report's categories)

  Not a requirement of the clause: test/report/categories.test.ts adds this file to a run to see
  where the report files a test-bed error, here a sub-check no check has.

  Scenario: Ensure that a scenario naming a sub-check no check has is a test-bed error
    Given the IM Server hosts the conference "sip:conf-99@conference.example.invalid"
    And the client reaches its SIP/IP Core over UDP
    When the user asks the client to rejoin "sip:conf-99@conference.example.invalid"
    Then the INVITE passes the sub-check "no-such-sub-check"
