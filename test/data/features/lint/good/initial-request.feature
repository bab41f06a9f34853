@req:RJ-01
Feature: Tags inherited from the feature, the rule and the Examples

  Test data for test/features/lint.test.ts: nothing wrong; the scenario's tags are the
  feature's req, the rule's strength and the Examples table's clause.

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
