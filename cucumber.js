// Cucumber configuration. Steps and support code run compiled (npm run build writes dist/):
// start-up is 0.4 s instead of ~2 s under ts-node. Feature paths are not set here on purpose:
// CLI paths would be added to them, so `cucumber-js one.feature` would still run everything.
const fs = require('node:fs');
const path = require('node:path');

const reports = process.env.REPORTS_DIR || 'reports';
const profileFile = process.env.SUT_PROFILE || path.join(__dirname, 'suts', 'reference.json');
const profile = readProfile(profileFile);
const pkg = require('./package.json');

module.exports = {
  default: {
    require: ['dist/support/**/*.js', 'dist/steps/**/*.js'],
    format: [
      'progress',
      `junit:${reports}/junit.xml`,
      `./dist/support/report/summary-formatter.js:${reports}/summary.json`,
      // The Allure formatter writes files into resultsDir; it needs an output of its own or it
      // would take stdout from 'progress'.
      `allure-cucumberjs/reporter:${reports}/allure-formatter.out`,
    ],
    formatOptions: {
      junit: { suiteName: `${pkg.name} ${pkg.version}` },
      resultsDir: `${reports}/allure-results`,
      environmentInfo: {
        suite: `${pkg.name} ${pkg.version}`,
        clause: 'OMA SIMPLE IM 7.1.1.9 IM Client rejoins an IM Conference Session',
        'SUT name': profile.name,
        'SUT version': profile.version,
        'SUT adapter': profile.adapter,
        'SUT profile': path.relative(__dirname, path.resolve(profileFile)),
        transports: (profile.ics && profile.ics.transports || []).join(', '),
        node: process.version,
      },
      // Evaluated in order; the first match names the category.
      categories: [
        { name: 'Non-compliant: a SHALL requirement failed', matchedStatuses: ['failed'], messageRegex: '(?s).*(SHALL|COND)[A-Z/]* requirement.*' },
        { name: 'Optional (MAY) feature failed', matchedStatuses: ['failed'], messageRegex: '(?s).*MAY requirement.*' },
        { name: 'Robustness problem (reported, never gates)', matchedStatuses: ['failed'], messageRegex: '(?s).*RB requirement.*' },
        { name: 'Not applicable to this client (N/A)', matchedStatuses: ['skipped'] },
        { name: 'Inconclusive: the scenario could not judge', matchedStatuses: ['broken'], messageRegex: '(?s)INCONC: (?!test-bed error).*' },
        { name: 'Test-bed error', matchedStatuses: ['broken'] },
      ],
    },
  },
};

// The profile is validated when the suite starts (support/sut/sut-profile.ts); here it only
// names the client in the report's environment, so a broken file must not stop the config.
function readProfile(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return { name: '(unreadable profile)', version: '?', adapter: '?' };
  }
}
