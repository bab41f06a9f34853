@clause:7.1.1.9 @req:RJ-01 @shall
Feature: A misspelled sub-check in an Examples row

  Test data for test/features/lint.test.ts: the second row's "oma-user-agnet".

  Rule: The INVITE carries the OMA IM specifics of 7.1.1.1

    Scenario Outline: Ensure that the rejoin INVITE meets the 7.1.1.1 rule "<rule>"
      Given the IM Server hosts the conference "sip:conf-12@conference.example.invalid"
      When the user asks the client to rejoin "sip:conf-12@conference.example.invalid"
      Then the INVITE passes the sub-check "<check>"

      Examples:
        | tc                        | rule                                 | check              |
        | SIMPLE_IM-1.0-con-RJ01-01 | the Contact carries the feature tag  | oma-im-feature-tag |
        | SIMPLE_IM-1.0-con-RJ01-02 | the User-Agent names the IM release  | oma-user-agnet     |
