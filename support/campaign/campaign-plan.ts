import * as fs from 'node:fs';
import * as path from 'node:path';
import { readSutProfile, type SutProfile } from '../sut/sut-profile';

/** One SUT of a campaign, before it runs: what the campaign knows of its profile. */
export interface PlannedRun {
  /** The run's folder under runs/: the profile's file name, unique in the campaign. */
  slug: string;
  /** The profile file as the campaign was given it (a relative path stays relative to where it runs). */
  profile: string;
  /** The SUT as the profile names it; absent when the profile cannot be loaded. */
  sut?: { name: string; version: string; adapter: string };
  /** The profile cannot be loaded: the row says why, the campaign goes on. */
  refused?: string;
  /** The run's own loopback /24 (SUITE_LOOPBACK_NET); absent when it keeps the profile's addresses. */
  loopbackNet?: string;
  /** Why the run keeps the profile's addresses. */
  keepsAddresses?: string;
  /** Why the run cannot share the machine with another run: it runs alone, with nothing beside it. */
  alone?: string;
}

/**
 * The profile files a campaign's arguments name: files as given, a folder's *.json files (not
 * its schema, not its subfolders) in name order. A path that is neither stays, so its row says so.
 */
export function profileFiles(args: readonly string[]): string[] {
  const out: string[] = [];
  for (const arg of args) {
    const stat = fs.statSync(arg, { throwIfNoEntry: false });
    if (!stat?.isDirectory()) {
      out.push(arg);
      continue;
    }
    const names = fs.readdirSync(arg).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json') && fs.statSync(path.join(arg, f)).isFile());
    out.push(...names.sort().map((f) => path.join(arg, f)));
  }
  return out;
}

/** How many runs a campaign can give a loopback /24 of their own: 127.1.0 … 127.254.0. */
export const MAX_OWN_NETS = 254;

/**
 * The campaign's runs, in the order given. Run i (from 0) gets the loopback /24 127.(i+1).0 unless
 * its addresses must stay; the slugs and nets come from the whole list, so every shard of a
 * campaign (--shard) names and places a profile as the unsharded campaign does.
 */
export function planCampaign(files: readonly string[], load: (file: string) => SutProfile = readSutProfile, o: { ownNets?: boolean } = {}): PlannedRun[] {
  const slugs = uniqueSlugs(files);
  return files.map((file, i) => {
    const run: PlannedRun = { slug: slugs[i], profile: file };
    let profile: SutProfile;
    try {
      // As written: a SUITE_LOOPBACK_NET around the campaign is not the runs' (each gets its own).
      profile = load(file);
    } catch (e) {
      return { ...run, refused: (e as Error).message };
    }
    run.sut = { name: profile.name, version: profile.version, adapter: profile.adapter };
    const alone = mustRunAlone(profile);
    if (alone) run.alone = alone;
    const keeps = alone ?? (o.ownNets === false ? 'the campaign was given --no-loopback-nets' : namesItsAddresses(profile));
    if (keeps) run.keepsAddresses = keeps;
    else if (i < MAX_OWN_NETS) run.loopbackNet = `127.${i + 1}.0`;
    else run.keepsAddresses = `a campaign has ${MAX_OWN_NETS} loopback /24s to give; this is run ${i + 1}`;
    return run;
  });
}

/**
 * Why a client cannot share the machine with another run: an operator drives it, its test bed
 * listens on a fixed port (a client configured once for it), or it is off loopback.
 */
export function mustRunAlone(profile: SutProfile): string | undefined {
  if (profile.adapter === 'manual') return 'a manual client: the operator does one client at a time';
  if (profile.testBed.port !== undefined || profile.testBed.tlsPort !== undefined) {
    return `its test bed listens on a fixed port (testBed.port ${profile.testBed.port ?? '-'}, tlsPort ${profile.testBed.tlsPort ?? '-'}), so its client is configured for that address`;
  }
  if (profile.interop) return 'interop: the client is off loopback, at the addresses its profile gives';
  return undefined;
}

/**
 * A profile whose commands, arguments or variables spell its own IPv4 addresses out cannot be
 * moved to another /24: the client would be told one address and bind another. Nor can one with
 * the lab's own certificate. A client configured in files of its own cannot be seen from here:
 * --no-loopback-nets keeps every run at its profile's addresses.
 */
function namesItsAddresses(profile: SutProfile): string | undefined {
  // The lab's own certificate names the test bed's address (a subjectAltName): elsewhere it would not match.
  if (profile.testBed.tls) return `its own TLS certificate (testBed.tls) is for ${profile.testBed.host}`;
  const spelled = JSON.stringify([profile.command, profile.process, profile.env]);
  const named = [profile.ixit.localHost, profile.testBed.host].filter((a) => spelled.includes(a));
  return named.length > 0 ? `its commands name ${named.join(' and ')}` : undefined;
}

/** File names without .json, made unique by their folders when two share a name. */
function uniqueSlugs(files: readonly string[]): string[] {
  const base = (f: string): string => safe(path.basename(f).replace(/\.json$/i, ''));
  const counts = new Map<string, number>();
  for (const f of files) counts.set(base(f), (counts.get(base(f)) ?? 0) + 1);
  const seen = new Map<string, number>();
  return files.map((f) => {
    let slug = counts.get(base(f))! > 1 ? safe(path.normalize(f).replace(/\.json$/i, '').split(path.sep).filter((p) => p && p !== '.' && p !== '..').join('-')) : base(f);
    const n = (seen.get(slug) ?? 0) + 1;
    seen.set(slug, n);
    if (n > 1) slug = `${slug}-${n}`;
    return slug;
  });
}

/** A run's name, its folder under runs/: letters, digits, ".", "_", "-", from a letter or digit (never "." or ".."). */
export const RUN_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** A name made a RUN_NAME. */
function safe(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+|-+$/g, '');
  return cleaned || 'profile';
}

/** `--shard i/n`: the runs of shard i (from 1) of n, every n-th of the plan. */
export function shardOf(plan: readonly PlannedRun[], shard: { index: number; total: number }): PlannedRun[] {
  return plan.filter((_, i) => i % shard.total === shard.index - 1);
}

/** A `--shard` value, "2/3", counted from 1 (Kubernetes' JOB_COMPLETION_INDEX counts from 0: give it plus one). */
export function parseShard(value: string): { index: number; total: number } | { problem: string } {
  const m = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = Number(m?.[1]);
  const total = Number(m?.[2]);
  if (!m || total < 1 || index < 1 || index > total) return { problem: `--shard "${value}" must be i/n with 1 <= i <= n, such as 2/3` };
  return { index, total };
}
