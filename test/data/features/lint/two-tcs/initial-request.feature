@req:RJ-01 @tc:SIMPLE_IM-1.0-con-RJ01-09
Feature: A test case id tag and a tc column on one Outline

  Test data for test/features/lint.test.ts: the feature tag and the Examples column both give an id.

  @shall
  Rule: The INVITE carries the OMA IM specifics of 7.1.1.1

    Scenario Outline: Ensure that the rejoin INVITE meets the 7.1.1.1 rule "<check>"
      Given the IM Server hosts the conference "sip:conf-12@conference.example.invalid"
      When the user asks the client to rejoin "sip:conf-12@conference.example.invalid"
      Then the INVITE passes the sub-check "<check>"

      @clause:7.1.1.9
      Examples:
        | tc                        | check              |
        | SIMPLE_IM-1.0-con-RJ01-01 | oma-im-feature-tag |
        | SIMPLE_IM-1.0-con-RJ01-02 | oma-user-agent     |
