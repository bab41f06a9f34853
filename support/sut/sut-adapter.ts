import type { Transport } from '../sip/recorded-message';

/** What the suite tells the client at start: the upper tester's environment variables. */
export interface SutEnvironment {
  conferenceUri: string;
  /** The SIP/IP Core entry point as a SIP URI with ;lr, e.g. sip:127.0.0.1:40123;transport=udp;lr */
  outboundProxy: string;
  proxyHost: string;
  proxyPort: number;
  transport: Transport;
  userUri: string;
  localHost: string;
  localPort: number;
  /** RFC 3261 T1 for the client's timers (IM_T1_MS). */
  t1Ms: number;
  /** Variables the SUT profile adds (process.env). */
  extra: Record<string, string>;
}

export function upperTesterEnv(env: SutEnvironment): Record<string, string> {
  return {
    IM_CONFERENCE_URI: env.conferenceUri,
    IM_OUTBOUND_PROXY: env.outboundProxy,
    IM_PROXY_HOST: env.proxyHost,
    IM_PROXY_PORT: String(env.proxyPort),
    IM_TRANSPORT: env.transport,
    IM_USER_URI: env.userUri,
    IM_LOCAL_HOST: env.localHost,
    IM_LOCAL_PORT: String(env.localPort),
    IM_T1_MS: String(env.t1Ms),
    ...env.extra,
  };
}

/** A reply of the client to one upper-tester action. */
export interface ActionReply {
  ok: boolean;
  error?: string;
  state?: { allow: string[] | null; sessionIdentity: string | null };
}

/** One started client, for one scenario. */
export interface SutSession {
  /** Ask the user's action; the promise settles with the client's reply, or ok:false on timeout. */
  rejoin(conferenceUri: string, timeoutMs: number): Promise<ActionReply>;
  leave(timeoutMs: number): Promise<ActionReply>;
  state(timeoutMs: number): Promise<ActionReply>;
  /** Everything the adapter saw of the client (protocol lines, stderr), for the report. */
  log(): string;
  /** Why the client is gone, if it is (exit code or signal), else undefined. */
  exited(): string | undefined;
  /** Stop the client and everything it started; never throws. */
  stop(): Promise<void>;
}

export interface SutAdapter {
  start(env: SutEnvironment, timeoutMs: number): Promise<SutSession>;
}
