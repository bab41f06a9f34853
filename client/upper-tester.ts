import type { ClientState } from './im-client';

/**
 * The upper-tester protocol (docs/upper-tester.md): the suite plays the user through
 * newline-delimited JSON on the client's stdin; the client answers on stdout, one JSON object
 * per line, and writes nothing else there.
 */

/** What the protocol drives: the user's actions on a client. */
export interface UserActions {
  /** Resolves when the session is set up; rejects with an Error whose message is reported. */
  rejoin(conference?: string): Promise<void>;
  leave(): Promise<void>;
  state(): ClientState;
  /**
   * Optional: forgets every session and starts over with the configuration `env` gives (the
   * same variables as at start), so one process serves many scenarios.
   */
  reset?(env: Record<string, string>): Promise<void>;
}

export type Reply =
  | { id: unknown; ok: true; state?: ClientState }
  | { id?: unknown; ok: false; error: string };

/** The first line, written once the client listens. */
export function readyLine(name: string, version: string): string {
  return JSON.stringify({ event: 'ready', name, version });
}

/** Serves one line at a time; `write` gets each reply line (without the newline). */
export class UpperTester {
  constructor(
    private readonly actions: UserActions,
    private readonly write: (line: string) => void,
  ) {}

  /** Handles one line of input. Never rejects: every problem becomes a reply. */
  async handleLine(line: string): Promise<void> {
    if (line.trim() === '') return;
    this.send(await this.answer(line));
  }

  private async answer(line: string): Promise<Reply> {
    let msg: unknown;
    try {
      msg = JSON.parse(line);
    } catch (e) {
      return { ok: false, error: `bad request: not JSON (${(e as Error).message})` };
    }
    if (msg === null || typeof msg !== 'object' || Array.isArray(msg)) return { ok: false, error: 'bad request: not a JSON object' };
    const request = msg as Record<string, unknown>;
    const id = request.id;
    if (typeof id !== 'number' && typeof id !== 'string') return { ok: false, error: 'bad request: "id" must be a number or a string' };
    try {
      switch (request.action) {
        case 'rejoin': {
          const conference = request.conference;
          if (conference !== undefined && typeof conference !== 'string') return { id, ok: false, error: 'bad request: "conference" must be a string' };
          await this.actions.rejoin(conference);
          return { id, ok: true };
        }
        case 'leave':
          await this.actions.leave();
          return { id, ok: true };
        case 'state':
          return { id, ok: true, state: this.actions.state() };
        case 'reset': {
          if (!this.actions.reset) return { id, ok: false, error: 'unsupported' };
          const env = request.env;
          if (env === null || typeof env !== 'object' || Array.isArray(env) || !Object.values(env).every((v) => typeof v === 'string')) {
            return { id, ok: false, error: 'bad request: "env" must be an object of strings' };
          }
          await this.actions.reset(env as Record<string, string>);
          return { id, ok: true };
        }
        default:
          return { id, ok: false, error: 'unsupported' };
      }
    } catch (e) {
      return { id, ok: false, error: e instanceof Error ? e.message : String(e) };
    }
  }

  private send(reply: Reply): void {
    this.write(JSON.stringify(reply));
  }
}
