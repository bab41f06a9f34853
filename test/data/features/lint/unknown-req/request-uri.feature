@clause:7.1.1.9 @req:RJ-99 @shall @tc:SIMPLE_IM-1.0-con-RJ99-01
Feature: An unknown requirement id

  Test data for test/features/lint.test.ts: an @req the catalogue lacks.

  Rule: The Request-URI is the IM Session Identity

    Scenario: Ensure that the rejoin INVITE is addressed to the IM Session Identity
      Given the IM Server hosts the conference "sip:conf-21@conference.example.invalid"
      When the user asks the client to rejoin "sip:conf-21@conference.example.invalid"
      Then the INVITE's Request-URI is the IM Session Identity "sip:conf-21@conference.example.invalid"
