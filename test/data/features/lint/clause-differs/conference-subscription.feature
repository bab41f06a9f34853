@clause:7.1.1.9 @req:RJ-08 @may @ics:conference-subscription @tc:SIMPLE_IM-1.0-con-RJ08-01
Feature: A clause other than the catalogue's

  Test data for test/features/lint.test.ts: RJ-08 comes from clause 7.1.1.12, tagged 7.1.1.9.

  Scenario: Ensure that the client subscribes to the conference state of the IM Session Identity
    Given the client declares the conference state subscription
    And the IM Server hosts the conference "sip:conf-81@conference.example.invalid"
    When the user asks the client to rejoin "sip:conf-81@conference.example.invalid"
    Then the client subscribes to the conference state of the IM Session Identity
