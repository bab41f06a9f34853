import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { PROJECT_ROOT } from '../../support/project';
import { DEFAULT_PROFILE, loadSutProfile } from '../../support/sut/sut-profile';

/**
 * Every ```json block of the README and docs/*.md is a SUT profile example, and the real loader
 * (support/sut/sut-profile.ts, from a file as `--sut` reads it) must accept it as written, so a
 * doc example cannot drift from the code. A block that is not a whole profile says so in an
 * HTML comment on the line just before its fence (invisible once rendered):
 *
 *   <!-- profile fragment -->  members of a profile (braces optional): merged over
 *                              suts/reference.json (objects merged, other values replaced), then loaded
 *   <!-- not a profile -->     other JSON (upper-tester lines, summary.json): it must only parse
 */
type Kind = 'profile' | 'fragment' | 'other';
interface Block {
  where: string;
  kind: Kind;
  text: string;
}

const DOCS = ['README.md', ...fs.readdirSync(path.join(PROJECT_ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

function jsonBlocks(file: string): Block[] {
  const lines = fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8').split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^(\s*)```json\s*$/.exec(lines[i]);
    if (!fence) continue;
    const marker = (lines[i - 1] ?? '').trim();
    const kind: Kind = marker === '<!-- profile fragment -->' ? 'fragment' : marker === '<!-- not a profile -->' ? 'other' : 'profile';
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^\s*```\s*$/.test(lines[i]); i++) body.push(lines[i].slice(fence[1].length));
    blocks.push({ where: `${file}:${start + 1}`, kind, text: body.join('\n') });
  }
  return blocks;
}

const merged = (base: unknown, over: unknown): unknown => {
  if (!isObject(base) || !isObject(over)) return over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = merged(base[k], v);
  return out;
};
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

const blocks = DOCS.flatMap(jsonBlocks);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simple-im-doc-profiles-'));
const reference: unknown = JSON.parse(fs.readFileSync(DEFAULT_PROFILE, 'utf8'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('the docs show SUT profiles (whole ones and fragments) for this test to read', () => {
  assert.ok(blocks.filter((b) => b.kind === 'profile').length >= 3, blocks.map((b) => `${b.where} ${b.kind}`).join('\n'));
  assert.ok(blocks.some((b) => b.kind === 'fragment'));
});

for (const block of blocks) {
  test(`${block.where}: ${block.kind === 'other' ? 'parses as JSON' : `the profile loader accepts it as ${block.kind === 'profile' ? 'a whole profile' : 'a fragment of suts/reference.json'}`}`, () => {
    const text = block.kind === 'fragment' && !block.text.trim().startsWith('{') ? `{${block.text}}` : block.text;
    let json: unknown;
    assert.doesNotThrow(() => (json = JSON.parse(text)), `${block.where} is not JSON; mark it, or fix it`);
    if (block.kind === 'other') return;
    const file = path.join(dir, `${block.where.replace(/[/:.]/g, '-')}.json`);
    fs.writeFileSync(file, JSON.stringify(block.kind === 'fragment' ? merged(reference, json) : json));
    assert.doesNotThrow(() => loadSutProfile(file), `${block.where} is not a profile the suite loads (mark it "<!-- not a profile -->" if it is not meant to be one)`);
  });
}

test('a field the docs put where the loader does not read it is caught', () => {
  // The test's own check: an example with env under "process" as an array is refused, not ignored.
  const file = path.join(dir, 'wrong-env.json');
  fs.writeFileSync(file, JSON.stringify(merged(reference, { env: ['IM_SIP_CORE=ims'] })));
  assert.throws(() => loadSutProfile(file), /field "env" must be an object/);
});
