import type { ActionReply, SutAdapter, SutEnvironment, SutSession } from './sut-adapter';

/** Why a run cannot use the manual adapter here, or undefined when an operator can take part. */
export function manualRefusal(env: NodeJS.ProcessEnv = process.env, tty = Boolean(process.stderr.isTTY)): string | undefined {
  if (env.CI === 'true' || env.CI === '1') return 'the manual adapter needs an operator, and this run says CI=true';
  if (!tty) return 'the manual adapter needs an operator at a terminal, and this run has none (no TTY)';
  return undefined;
}

/**
 * For a client a person operates: the suite says what to do, on the terminal, and waits for
 * what the client sends, counting down the time left. A run with nobody at a terminal is
 * refused before any scenario (scripts/conformance.ts), never left hanging.
 */
export class ManualAdapter implements SutAdapter {
  constructor(private readonly write: (text: string) => void = (t) => void process.stderr.write(t)) {}

  async start(env: SutEnvironment): Promise<SutSession> {
    const refusal = manualRefusal();
    if (refusal) throw new Error(refusal);
    this.write(
      `\n=== Configure the client: outbound proxy ${env.outboundProxy} (${env.transport.toUpperCase()}), ` +
        `user ${env.userUri}, on ${env.localHost}.\n` +
        // Over TLS the operator installs the CA the test bed's certificate chains to (and, for mutual TLS, the client's).
        (env.transport === 'tls' && env.tls
          ? `    TLS: trust the CA in ${env.tls.caFile}${env.tls.clientCertFile ? `; present the certificate ${env.tls.clientCertFile} with the key ${env.tls.clientKeyFile}` : ''}.\n`
          : ''),
    );
    return new ManualSession(this.write);
  }
}

class ManualSession implements SutSession {
  private readonly lines: string[] = [];
  private countdown?: NodeJS.Timeout;

  constructor(private readonly write: (text: string) => void) {}

  private say(text: string): void {
    this.lines.push(text);
    this.write(`\n>>> ${text}\n`);
  }

  /** Shows the seconds left until `timeoutMs`; a new instruction replaces it. */
  private count(timeoutMs: number): void {
    clearInterval(this.countdown);
    const end = Date.now() + timeoutMs;
    this.countdown = setInterval(() => {
      const left = Math.max(0, Math.round((end - Date.now()) / 1000));
      this.write(`\r    ${left} s left   `);
      if (left === 0) clearInterval(this.countdown);
    }, 1000);
    this.countdown.unref();
  }

  async rejoin(conferenceUri: string, timeoutMs: number): Promise<ActionReply> {
    this.say(`Ask the client to REJOIN the conference ${conferenceUri} now.`);
    this.count(timeoutMs);
    return { ok: true };
  }
  async leave(timeoutMs: number): Promise<ActionReply> {
    this.say('Ask the client to LEAVE the conference now.');
    this.count(timeoutMs);
    return { ok: true };
  }
  async state(): Promise<ActionReply> {
    return { ok: false, error: 'unsupported' };
  }
  log(): string {
    return this.lines.map((l) => `operator was asked: ${l}`).join('\n') + '\n';
  }
  exited(): string | undefined {
    return undefined;
  }
  /** The person keeps the client; the suite only stops counting down. */
  release(): Promise<void> {
    return this.stop();
  }
  /** The suite started no process for this client, so there is none to end: it is the operator's. */
  async stop(): Promise<void> {
    clearInterval(this.countdown);
  }
}
