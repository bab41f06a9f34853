import { withHost } from './sip-uri';

/**
 * Fault switches: each one makes the reference client break exactly one requirement, so the
 * suite can prove that requirement's check is able to fail (CONTRIBUTING.md step 5). They are
 * named in IM_CLIENT_FAULTS, comma-separated; none means a conformant client.
 *
 * A switch is one entry of FAULTS: the requirement it breaks, a sentence saying how, and a
 * hook that changes a request just before it is sent. Hooks see the request as text (the
 * Request-URI, header values by name, the body), so most new faults are one line.
 */

/** A request the client is about to send, as a fault hook may change it. */
export interface RequestDraft {
  readonly method: string;
  requestUri: string;
  /**
   * Header values by lower-case name, in wire order. `route` is the pre-loaded route text
   * (RFC 3261 8.1.2); deleting it makes the package route by the Request-URI instead.
   */
  headers: Record<string, string>;
  /** The body as text (UTF-8 on the wire; Content-Length is computed from the bytes). */
  body: string;
}

/** What the user asked for, for hooks that need it. */
export interface FaultContext {
  /** The conference the user asked to rejoin, as given. */
  readonly conference: string;
}

export interface FaultSwitch {
  /** The requirement id this switch breaks (the catalogue's RJ-xx). */
  readonly requirement: string;
  readonly description: string;
  /** Changes the initial INVITE of a rejoin. */
  readonly invite?: (draft: RequestDraft, context: FaultContext) => void;
  /** Changes the ACK of the 2xx (and every retransmission of that ACK). */
  readonly ack?: (draft: RequestDraft, context: FaultContext) => void;
  /** Changes the BYE of a leave. */
  readonly bye?: (draft: RequestDraft, context: FaultContext) => void;
}

export const FAULTS: Readonly<Record<string, FaultSwitch>> = {
  'wrong-request-uri': {
    requirement: 'RJ-02',
    description: 'the INVITE goes to the asked user part at host wrong-conference.invalid; To still names the asked conference',
    invite: (d) => void (d.requestUri = withHost(d.requestUri, 'wrong-conference.invalid')),
  },
};

/** The names of all fault switches. */
export const FAULT_SWITCHES: readonly string[] = Object.freeze(Object.keys(FAULTS));

export class UnknownFaultError extends Error {
  constructor(readonly fault: string) {
    super(`unknown fault switch "${fault}" (known: ${FAULT_SWITCHES.join(', ') || 'none'})`);
    this.name = 'UnknownFaultError';
  }
}

/** The switches that are on, applied in the order they were named. */
export class ActiveFaults {
  private readonly switches: { name: string; fault: FaultSwitch }[];

  constructor(names: readonly string[] = []) {
    this.switches = [...new Set(names)].map((name) => {
      const fault = Object.prototype.hasOwnProperty.call(FAULTS, name) ? FAULTS[name] : undefined;
      if (!fault) throw new UnknownFaultError(name);
      return { name, fault };
    });
  }

  /** Parses the IM_CLIENT_FAULTS text: comma-separated names, white space ignored, empty = none. */
  static parse(text: string | undefined): ActiveFaults {
    return new ActiveFaults(
      (text ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0),
    );
  }

  get names(): string[] {
    return this.switches.map((s) => s.name);
  }

  apply(hook: 'invite' | 'ack' | 'bye', draft: RequestDraft, context: FaultContext): void {
    for (const { fault } of this.switches) fault[hook]?.(draft, context);
  }
}
