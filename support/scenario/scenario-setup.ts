import type { InviteScript } from '../im-server/invite-script';
import type { IpVersion, Transport } from '../sip/recorded-message';

/**
 * What the scenario's Givens set up: the transport and IP version, the conference, the IM Server's script. The
 * test bed reads it once, when it starts; freeze() marks that moment, and a change after it fails
 * the step that tries it (a test-bed error naming the step) instead of being silently ignored.
 */
export class ScenarioSetup {
  private frozen = false;
  private transportValue: Transport;
  private ipVersionValue: IpVersion = '4';
  private conferenceValue?: string;
  /** The step running now, for the error (hooks.ts sets it before each step). */
  step?: string;
  /** The Givens write into this; after freeze() every write throws. */
  readonly script: Partial<InviteScript>;

  constructor(transport: Transport) {
    this.transportValue = transport;
    const refuse = (what: string) => (): never => this.refuse(`the IM Server's script (${what})`);
    this.script = new Proxy<Partial<InviteScript>>(
      {},
      {
        set: (target, key, value) => (this.frozen ? refuse(String(key))() : Reflect.set(target, key, value)),
        defineProperty: (target, key, descriptor) => (this.frozen ? refuse(String(key))() : Reflect.defineProperty(target, key, descriptor)),
        deleteProperty: (target, key) => (this.frozen ? refuse(String(key))() : Reflect.deleteProperty(target, key)),
      },
    );
  }

  get transport(): Transport {
    return this.transportValue;
  }
  set transport(transport: Transport) {
    if (this.frozen) this.refuse('the transport');
    this.transportValue = transport;
  }

  get ipVersion(): IpVersion {
    return this.ipVersionValue;
  }
  set ipVersion(ipVersion: IpVersion) {
    if (this.frozen) this.refuse('the IP version');
    this.ipVersionValue = ipVersion;
  }

  get conference(): string | undefined {
    return this.conferenceValue;
  }
  set conference(conference: string | undefined) {
    if (this.frozen) this.refuse('the conference');
    this.conferenceValue = conference;
  }

  /** The test bed starts with what is set now; returns a copy of the script it uses. */
  freeze(): Readonly<Partial<InviteScript>> {
    this.frozen = true;
    return Object.freeze({ ...this.script });
  }

  private refuse(what: string): never {
    const step = this.step === undefined ? 'a step' : `the step "${this.step}"`;
    throw new Error(`test-bed error: ${step} changes ${what} after the test bed started; a Given must come before the first When`);
  }
}
