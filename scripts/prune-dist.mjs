// Runs before tsc (npm run build): removes compiled files in dist/ whose TypeScript source is
// gone (renamed or deleted), so no stale test, step or support file is ever run or loaded.
// tsc never deletes outputs itself, and `tsc --build --clean` would cost a full rebuild.
import * as fs from 'node:fs';
import * as path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dist = path.join(root, 'dist');
const OUTPUT = /(\.d\.ts|\.js\.map|\.js)$/;

function prune(dir) {
  for (const entry of fs.readdirSync(path.join(dist, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      prune(rel);
      if (fs.readdirSync(path.join(dist, rel)).length === 0) fs.rmdirSync(path.join(dist, rel));
    } else if (OUTPUT.test(rel) && !fs.existsSync(path.join(root, rel.replace(OUTPUT, '.ts')))) {
      fs.rmSync(path.join(dist, rel));
      process.stdout.write(`prune-dist: removed dist/${rel} (no ${rel.replace(OUTPUT, '.ts')})\n`);
    }
  }
}

if (fs.existsSync(dist)) for (const top of fs.readdirSync(dist, { withFileTypes: true })) if (top.isDirectory()) prune(top.name);
