@clause:7.1.1.9 @req:RJ-01 @shall @tc:SIMPLE_IM-1.0-con-RJ01-01
Feature: A step naming another requirement's sub-check

  Test data for test/features/lint.test.ts: "ack-sent" is RJ-05's, not RJ-01's.

  Scenario: Ensure that the rejoin INVITE is ACKed
    Given the IM Server hosts the conference "sip:conf-12@conference.example.invalid"
    When the user asks the client to rejoin "sip:conf-12@conference.example.invalid"
    Then the INVITE passes the sub-check "ack-sent"
