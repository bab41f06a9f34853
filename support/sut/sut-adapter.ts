import type { IpVersion, Transport } from '../sip/recorded-message';

/** What the suite tells the client at start: the upper tester's environment variables. */
export interface SutEnvironment {
  conferenceUri: string;
  /** The SIP/IP Core entry point as a SIP URI with ;lr, e.g. sip:127.0.0.1:40123;transport=udp;lr */
  outboundProxy: string;
  proxyHost: string;
  proxyPort: number;
  transport: Transport;
  /** The IP version of the scenario's addresses (IM_IP_VERSION). */
  ipVersion: IpVersion;
  userUri: string;
  localHost: string;
  localPort: number;
  /** RFC 3261 T1 for the client's timers (IM_T1_MS). */
  t1Ms: number;
  /**
   * TLS: the CA file the client is to trust for the test bed's certificate (IM_TLS_CA), and, for a
   * client that declares mutual TLS, a certificate and key issued by that CA (IM_TLS_CLIENT_CERT,
   * IM_TLS_CLIENT_KEY).
   */
  tls?: { caFile: string; clientCertFile?: string; clientKeyFile?: string };
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
    IM_IP_VERSION: env.ipVersion,
    ...(env.tls ? { IM_TLS_CA: env.tls.caFile } : {}),
    ...(env.tls?.clientCertFile ? { IM_TLS_CLIENT_CERT: env.tls.clientCertFile } : {}),
    ...(env.tls?.clientKeyFile ? { IM_TLS_CLIENT_KEY: env.tls.clientKeyFile } : {}),
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
  /**
   * The scenario is over: the adapter may keep the client for the next one (profile
   * `process.reuse`), else it stops it as stop() does. Never throws.
   */
  release(): Promise<void>;
  /** Stop the client and everything it started, kept or not; never throws. */
  stop(): Promise<void>;
}

/** A client that can take the next scenario's configuration instead of a fresh start (`process.reuse`). */
export interface ResettableSession extends SutSession {
  /** Gives the client the next scenario's variables; its log starts over with that scenario. */
  reset(env: SutEnvironment, timeoutMs: number): Promise<ActionReply>;
}

export interface SutAdapter {
  start(env: SutEnvironment, timeoutMs: number): Promise<SutSession>;
  /**
   * Starts the client the first scenario will get before that scenario asks for it, for an
   * adapter that keeps one (its start-up then overlaps Cucumber's). A warm-up that fails is
   * forgotten: the first scenario starts the client itself and reports what goes wrong.
   */
  prewarm?(env: SutEnvironment, timeoutMs: number): void;
}

/** The client never became ready; `log` keeps what it said, as evidence. */
export class SutStartError extends Error {
  constructor(
    message: string,
    readonly log: string,
  ) {
    super(message);
    this.name = 'SutStartError';
  }
}
