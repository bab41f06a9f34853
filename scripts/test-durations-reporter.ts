/**
 * A node:test reporter (scripts/run-tests.ts adds it beside `spec`): at the end it writes how
 * long each test file took, `{"test/x.test.js": ms, …}` by path under dist/, as JSON to its
 * destination. scripts/run-tests.ts orders the next run's files by it (the longest first) and
 * scripts/bench-tests.ts reports it.
 */
import * as path from 'node:path';
import { PROJECT_ROOT } from '../support/project';

interface Event {
  type: string;
  data: { name?: string; file?: string; details?: { duration_ms?: number } };
}

async function* durations(source: AsyncIterable<Event>): AsyncGenerator<string> {
  const files: Record<string, number> = {};
  for await (const { type, data } of source) {
    // Each file's own test (one per process) completes with the file as its name.
    if (type === 'test:complete' && data.file && data.name === data.file) {
      files[path.relative(path.join(PROJECT_ROOT, 'dist'), data.file)] = Math.round(data.details?.duration_ms ?? 0);
    }
  }
  yield `${JSON.stringify(files, null, 1)}\n`;
}

// node:test loads a reporter as the module's export itself.
export = durations;
