import { spawn } from 'node:child_process';

export interface ProcessRun {
  exitCode: number | null;
  /** stdout and stderr as they came, interleaved. */
  output: string;
}

/** A command run to its end, its output collected; `started` hears its pid (to signal it). */
export function runProcess(command: string, args: readonly string[], o: { cwd: string; env: NodeJS.ProcessEnv; started?: (pid: number) => void }): Promise<ProcessRun> {
  const child = spawn(command, [...args], { cwd: o.cwd, env: o.env, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid !== undefined) o.started?.(child.pid);
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ exitCode, output }));
  });
}
