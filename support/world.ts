import { World, type IWorldOptions } from '@cucumber/cucumber';
import type { IpVersion, RecordedMessage, Transport } from './sip/recorded-message';
import type { KeptClientPool } from './sut/kept-client-pool';
import { loadSutProfile, type SutProfile } from './sut/sut-profile';
import { ipv6Unavailable } from './net/loopback';
import { adapterFor } from './test-bed';
import type { CheckCall } from './checks/registry';
import { encodeCheckCall } from './evidence/recorded-evidence';
import { EvidenceRecorder, type Attach } from './scenario/evidence-recorder';
import { Judge } from './scenario/judge';
import { ScenarioSetup } from './scenario/scenario-setup';
import { TestBedHandle } from './scenario/test-bed-handle';
import { UserActions } from './scenario/user-actions';
import { WireQueries } from './scenario/wire-queries';

let cachedProfile: SutProfile | undefined;

/** The run's SUT profile, read and validated once per process (the World and the hooks share it). */
export function suiteProfile(): SutProfile {
  return (cachedProfile ??= loadSutProfile());
}

/**
 * What Cucumber hands the steps: one scenario's parts, made fresh for it (nothing is shared
 * between scenarios but the run's pool of kept clients). Each part has one job; the methods here
 * only pass the steps' calls on to the part that does it.
 */
export class ConformanceWorld extends World {
  readonly profile: SutProfile = suiteProfile();
  /** What the Givens set; frozen when the test bed starts. */
  readonly setup = new ScenarioSetup(this.profile.ics.transports[0]);
  readonly bed: TestBedHandle;
  readonly verdicts: Judge;
  readonly evidence: EvidenceRecorder;
  readonly wire: WireQueries;
  readonly actions: UserActions;
  /** The scenario's stable test case id (support/report/test-case-id.ts), set before its first step. */
  testCaseId = '';

  constructor(options: IWorldOptions, clients: KeptClientPool) {
    super(options);
    this.bed = new TestBedHandle(this.profile, adapterFor(this.profile, clients));
    // Cucumber's attach takes a string or a Buffer at run time; its type spells the two apart.
    this.evidence = new EvidenceRecorder(this.attach as Attach, this.bed);
    this.verdicts = new Judge(
      this.profile.waivers,
      (findings, judged) => this.evidence.atVerdict(findings, judged),
      (call) => encodeCheckCall(call, this.bed.trace),
    );
    const inconclusive = (reason: string): never => this.verdicts.inconclusive(reason);
    this.wire = new WireQueries(this.bed, this.profile.ixit, inconclusive);
    this.actions = new UserActions(this.bed, this.profile, this.wire, inconclusive);
  }

  // ---- what the Givens set -------------------------------------------------------------------

  get transport(): Transport {
    return this.setup.transport;
  }
  set transport(transport: Transport) {
    this.setup.transport = transport;
  }
  get ipVersion(): IpVersion {
    return this.setup.ipVersion;
  }
  set ipVersion(ipVersion: IpVersion) {
    this.setup.ipVersion = ipVersion;
  }
  get conference(): string | undefined {
    return this.setup.conference;
  }
  set conference(conference: string | undefined) {
    this.setup.conference = conference;
  }
  get script(): ScenarioSetup['script'] {
    return this.setup.script;
  }

  /** Hosts the conference at the IM Server's own address, apart from the SIP/IP Core (RJ-04). */
  async hostConferenceAtImServer(user: string): Promise<string> {
    this.conference = await this.bed.hostAtOwnAddress(user, { transport: this.setup.transport, ipVersion: this.setup.ipVersion });
    return this.conference;
  }

  // ---- what the user does ----------------------------------------------------------------------

  async askToRejoin(conference: string): Promise<void> {
    await this.startTestBed(conference);
    this.actions.rejoin(conference);
  }
  leave(): Promise<void> {
    return this.actions.leave();
  }
  get stateBeforeLeave(): UserActions['stateBeforeLeave'] {
    return this.actions.stateBeforeLeave;
  }

  // ---- what crossed the wire -------------------------------------------------------------------

  /** What the steps judge: the scenario's trace without its stray messages (the evidence keeps those, marked). */
  get trace(): RecordedMessage[] {
    return this.bed.judgedTrace;
  }
  outboundProxy(): ReturnType<TestBedHandle['outboundProxy']> {
    return this.bed.outboundProxy();
  }
  observerLagMs(): number {
    return this.bed.observerLagMs();
  }
  rejoinInvite(): Promise<RecordedMessage> {
    return this.actions.rejoinInvite();
  }
  settledExchange(): ReturnType<UserActions['settledExchange']> {
    return this.actions.settledExchange();
  }
  fromClient(predicate: (m: RecordedMessage) => boolean, timeoutMs: number): Promise<RecordedMessage | undefined> {
    return this.wire.fromClient(predicate, timeoutMs);
  }
  finalsTo(invite: RecordedMessage): Promise<RecordedMessage[]> {
    return this.wire.finalsTo(invite);
  }
  okTo(invite: RecordedMessage): Promise<RecordedMessage> {
    return this.wire.okTo(invite);
  }
  acksFor(invite: RecordedMessage, count = 1): Promise<RecordedMessage[]> {
    return this.wire.acksFor(invite, count);
  }
  requestFromClient(method: string, afterSeq = 0): Promise<RecordedMessage | undefined> {
    return this.wire.requestFromClient(method, afterSeq);
  }
  notifyAnswer(subscribe: RecordedMessage): ReturnType<WireQueries['notifyAnswer']> {
    return this.wire.notifyAnswer(subscribe);
  }

  // ---- the verdict ---------------------------------------------------------------------------

  /** Runs the checks on what crossed the wire and judges their findings together (support/checks/registry.ts). */
  judge(...calls: CheckCall[]): void {
    this.verdicts.judgeChecks(...calls);
  }
  inconclusive(reason: string): never {
    return this.verdicts.inconclusive(reason);
  }
  /**
   * The client is to reach its SIP/IP Core over `transport` on IPv`ipVersion`: N/A when its
   * profile does not declare them, or when this machine has no IPv6 address to give the test bed.
   */
  async reach(transport: Transport, ipVersion: IpVersion): Promise<'skipped' | undefined> {
    const ics = this.profile.ics;
    if (!ics.transports.includes(transport)) return this.notApplicable(`the client does not declare ${transport.toUpperCase()} (ics.transports)`);
    if (!ics.ipVersions.includes(ipVersion)) return this.notApplicable(`the client does not declare IPv${ipVersion} (ics.ipVersions)`);
    const unavailable = ipVersion === '6' ? await ipv6Unavailable(this.profile.testBed.host6) : undefined;
    if (unavailable) return this.notApplicable(unavailable);
    this.transport = transport;
    this.ipVersion = ipVersion;
    return undefined;
  }

  /**
   * For a rule that holds over any transport: the client's first declared transport (UDP, TCP,
   * then TLS) on its first declared IP version (4, then 6).
   */
  reachDeclared(): Promise<'skipped' | undefined> {
    const ics = this.profile.ics;
    const transport = (['udp', 'tcp', 'tls'] as const).find((t) => ics.transports.includes(t))!;
    return this.reach(transport, ics.ipVersions.includes('4') ? '4' : '6');
  }

  notApplicable(reason: string): 'skipped' {
    return this.verdicts.notApplicable(reason);
  }

  /** Starts the test bed with what the Givens set; a client that does not start makes the verdict INCONC. */
  private async startTestBed(conference: string): Promise<void> {
    if (this.bed.started) return;
    const startError = await this.bed.start({ transport: this.setup.transport, ipVersion: this.setup.ipVersion }, conference, this.setup.freeze());
    if (startError) this.inconclusive(`the client under test did not start: ${startError.message}`);
  }
}
