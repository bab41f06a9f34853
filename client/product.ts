import * as fs from 'node:fs';
import * as path from 'node:path';

/** The reference client's name, as the upper tester's "ready" event and User-Agent give it. */
export const PRODUCT_NAME = 'simple-im-reference';

/**
 * The version of the reference client: the project's package.json version, found above this
 * file whether it runs from client/ (ts-node) or from dist/client/ (compiled).
 */
export const PRODUCT_VERSION: string = (() => {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: unknown };
      if (typeof pkg.version === 'string') return pkg.version;
    }
    if (path.dirname(dir) === dir) return '0.0.0';
  }
})();

/** RFC 3261 20.41 product tokens; OMA IM 1.0 clients start with IM-client/OMA1.0. */
export const USER_AGENT = `IM-client/OMA1.0 ${PRODUCT_NAME}/${PRODUCT_VERSION}`;
