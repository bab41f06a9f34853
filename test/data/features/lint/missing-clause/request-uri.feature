@req:RJ-02 @shall @tc:SIMPLE_IM-1.0-con-RJ02-01
Feature: No clause

  Test data for test/features/lint.test.ts: no @clause tag.

  Rule: The Request-URI is the IM Session Identity

    Scenario: Ensure that the rejoin INVITE is addressed to the IM Session Identity
      Given the IM Server hosts the conference "sip:conf-21@conference.example.invalid"
      When the user asks the client to rejoin "sip:conf-21@conference.example.invalid"
      Then the INVITE's Request-URI is the IM Session Identity "sip:conf-21@conference.example.invalid"
