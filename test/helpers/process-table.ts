import { execFileSync } from 'node:child_process';

/**
 * The live (not zombie) processes of group `pgid` as `ps` sees them ("<pid> <command>"), not as
 * the suite's own support/sut/process-groups.ts does: the tests check that module against it.
 */
export function psLive(pgid: number): string[] {
  return execFileSync('ps', ['-eo', 'pgid=,pid=,stat=,comm='], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter(([g, , stat]) => Number(g) === pgid && stat !== undefined && !/^[ZX]/.test(stat))
    .map(([, pid, , comm]) => `${pid} ${comm}`);
}
