import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../project';

/**
 * The requirement ids some feature file has a scenario for, read from the @req tags of
 * features/. A run that selects a subset (--tags) tells "not selected" apart from "not implemented".
 */
export function requirementsWithScenarios(dir = path.join(PROJECT_ROOT, 'features')): Set<string> {
  const ids = new Set<string>();
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.feature')) for (const m of fs.readFileSync(full, 'utf8').matchAll(/@req:([A-Z]{2}-\d{2})/g)) ids.add(m[1]);
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return ids;
}
