@clause:7.1.1.9 @req:RJ-02 @shall
Feature: A scenario without a test case id

  Test data for test/features/lint.test.ts: no @tc tag.

  Rule: The Request-URI is the IM Session Identity

    Scenario: Ensure that the rejoin INVITE is addressed to the IM Session Identity
      Given the IM Server hosts the conference "sip:conf-21@conference.example.invalid"
      When the user asks the client to rejoin "sip:conf-21@conference.example.invalid"
      Then the INVITE's Request-URI is the IM Session Identity "sip:conf-21@conference.example.invalid"
