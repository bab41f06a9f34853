// Cucumber configuration. Steps and support code run compiled (npm run build writes dist/):
// start-up is 0.4 s instead of ~2 s under ts-node. Feature paths are not set here on purpose:
// CLI paths would be added to them, so `cucumber-js one.feature` would still run everything.
const fs = require('node:fs');
const path = require('node:path');

const reports = process.env.REPORTS_DIR || 'reports';
const profileFile = process.env.SUT_PROFILE || path.join(__dirname, 'suts', 'reference.json');
const profile = readProfile(profileFile);
const pkg = require('./package.json');
// In a terminal, one progress line rewritten in place; Cucumber's `progress` dots in a pipe, a CI
// log or for the manual adapter (support/report/progress-line-formatter.ts says why).
const PROGRESS_LINE = './dist/support/report/progress-line-formatter.js';
const consoleFormat = require(PROGRESS_LINE).consoleFormat(process.env, Boolean(process.stdout.isTTY), profile.adapter, PROGRESS_LINE);

// The report's categories (docs/INTERPRETING.md lists them). Allure 2 files a result under EVERY
// category that matches, not the first, so the patterns exclude each other. They are Java
// regular expressions matched against the whole status message (Pattern.matches, DOTALL), which
// is Cucumber's "<error name>: <message>\n<stack>":
//   FAIL (judge())           "AssertionError: SHALL requirement RJ-01 FAIL\n…", strengths joined by "/"
//   the Compliance matrix    "SHALL requirement(s) not passed:\n…" (when the gate fails)
//   client-side INCONC       "Inconclusive: RJ-07 INCONC: …" (judge(), one paragraph per finding)
//                            "Inconclusive: INCONC: <reason>" (the World's inconclusive())
//   test-bed error           anything else: "INCONC: test-bed error: …", "Error: test-bed error: …",
//                            an unexpected exception, a step timeout, an unjudged scenario
// N/A is "skipped" (support/report/allure-status.ts makes every N/A scenario so).
const FAIL_OF = (strengths) => `(?:AssertionError: )?${strengths} requirement(?: R[JB]-\\d{2}(?:, R[JB]-\\d{2})* FAIL\\n|\\(s\\) not passed:).*`;
const GATING_FAIL = FAIL_OF('(?:[A-Z?]+/)*(?:SHALL|COND)(?:/[A-Z?]+)*');
const MAY_FAIL = FAIL_OF('(?:(?:MAY|RB)/)*MAY(?:/(?:MAY|RB))*');
const RB_FAIL = FAIL_OF('RB');
const CLIENT_INCONC = '(?:Inconclusive: )?(?:INCONC: (?!test-bed error)|R[JB]-\\d{2} INCONC: ).*';
const CATEGORIES = [
  { name: 'Non-compliant: a SHALL requirement failed', matchedStatuses: ['failed'], messageRegex: `(?s)${GATING_FAIL}` },
  { name: 'Optional (MAY) feature failed', matchedStatuses: ['failed'], messageRegex: `(?s)${MAY_FAIL}` },
  { name: 'Robustness problem (reported, never gates)', matchedStatuses: ['failed'], messageRegex: `(?s)${RB_FAIL}` },
  { name: 'Not applicable to this client (N/A)', matchedStatuses: ['skipped'] },
  { name: 'Inconclusive: the scenario could not judge', matchedStatuses: ['broken'], messageRegex: `(?s)${CLIENT_INCONC}` },
  {
    name: 'Test-bed error',
    matchedStatuses: ['broken', 'failed', 'unknown'],
    messageRegex: `(?s)(?!${CLIENT_INCONC}|${GATING_FAIL}|${MAY_FAIL}|${RB_FAIL}).*`,
  },
];

module.exports = {
  CATEGORIES,
  default: {
    require: ['dist/support/**/*.js', 'dist/steps/**/*.js'],
    format: [
      consoleFormat,
      `junit:${reports}/junit.xml`,
      `./dist/support/report/summary-formatter.js:${reports}/summary.json`,
      // The Allure formatter writes files into resultsDir; it needs an output of its own or it
      // would take stdout from the console format.
      `allure-cucumberjs/reporter:${reports}/allure-formatter.out`,
    ],
    formatOptions: {
      // Each <testcase> named "<test case id> <title>" (support/report/test-case-id.ts).
      junit: { suiteName: `${pkg.name} ${pkg.version}`, testNamingStrategy: require('./dist/support/report/test-case-id.js').junitNaming },
      resultsDir: `${reports}/allure-results`,
      environmentInfo: {
        suite: `${pkg.name} ${pkg.version}`,
        clause: 'OMA SIMPLE IM 7.1.1.9 IM Client rejoins an IM Conference Session',
        'SUT name': profile.name,
        'SUT version': profile.version,
        'SUT adapter': profile.adapter,
        'SUT profile': shownProfile(profileFile),
        transports: (profile.ics && profile.ics.transports || []).join(', '),
        'IP versions': ((profile.ics && profile.ics.ipVersions) || ['4']).map((v) => `IPv${v}`).join(', '),
        'mutual TLS': String(Boolean(profile.ics && profile.ics.tlsClientCertificate)),
        node: process.version,
      },
      categories: CATEGORIES,
    },
  },
};

// Relative to the suite when the profile is one of its own, else (a vendor's, beside an installed suite) absolute.
function shownProfile(file) {
  const relative = path.relative(__dirname, path.resolve(file));
  return relative.startsWith('..') || path.isAbsolute(relative) ? path.resolve(file) : relative;
}

// The profile is validated when the suite starts (support/sut/sut-profile.ts); here it only
// names the client in the report's environment, so a broken file must not stop the config.
function readProfile(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return { name: '(unreadable profile)', version: '?', adapter: '?' };
  }
}
