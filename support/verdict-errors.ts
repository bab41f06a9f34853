/**
 * How a step reports a verdict to Cucumber and Allure. Allure calls a failed step "failed" when
 * the error's name mentions an assertion and "broken" otherwise, so FAIL carries that name and
 * INCONC must never (see allure-js-commons getStatusFromError).
 */
export class ConformanceFailure extends Error {
  override readonly name = 'AssertionError';
}

export class Inconclusive extends Error {
  override readonly name = 'Inconclusive';
}
