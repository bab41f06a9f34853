@clause:7.1.1.9 @req:RJ-09 @cond @ics:ims
Feature: Over a 3GPP IMS SIP/IP Core, the rejoin uses IMS session set-up

  Clause 7.1.1.9: where the SIP/IP Core is a 3GPP/3GPP2 IMS core, the IM Client SHALL set the
  session up as 3GPP TS 24.229 says. This applies only to a client whose SUT profile declares
  an IMS core (ics.sipIpCore "ims"); for any other client the verdict is N/A.

  The suite checks the parts the catalogue lists as a minimum: the preferred identity
  (P-Preferred-Identity), the Route towards the P-CSCF (here the configured outbound proxy), the
  IMS communication service identifier the profile names (ixit.ims.icsi), and
  P-Access-Network-Info where the profile says the access provides it. The TS 24.229 text was not
  at hand when these were written: each is its own sub-check, waivable with a recorded reason.

  Rule: The INVITE carries what TS 24.229 asks of an originating UE

    @tc:SIMPLE_IM-1.0-con-RJ09-01
    Scenario: Ensure that the rejoin INVITE over an IMS core carries the IMS session set-up headers
      Given the client's SIP/IP Core is a 3GPP IMS core
      And the IM Server hosts the conference "sip:conf-91@conference.example.invalid"
      And the client reaches its SIP/IP Core over a transport it declares
      When the user asks the client to rejoin "sip:conf-91@conference.example.invalid"
      Then the INVITE follows IMS session set-up
