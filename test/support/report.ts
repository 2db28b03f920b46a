/**
 * Mocha reporter for every layer: prints like `spec` and, when given an output
 * path (reporter option `output` or $KUBELAB_REPORT), writes a JSON report that
 * scripts/test.mjs adds up into the one totals line. Inside the extension host
 * nothing reads stdout, so the JSON file is how results reach `npm test`.
 */
import { writeFileSync } from 'node:fs';
import Mocha from 'mocha';

export interface LayerReport {
  passed: number;
  failed: number;
  skipped: number;
  tests: { title: string; state: 'passed' | 'failed' | 'skipped'; error?: string }[];
}

const { EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING, EVENT_RUN_END } = Mocha.Runner.constants;

class KubeLabReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options: Mocha.MochaOptions & { reporterOptions?: { output?: string } }) {
    super(runner, options);
    const output = options.reporterOptions?.output ?? process.env.KUBELAB_REPORT;
    const report: LayerReport = { passed: 0, failed: 0, skipped: 0, tests: [] };
    runner.on(EVENT_TEST_PASS, (t) => {
      report.passed++;
      report.tests.push({ title: t.fullTitle(), state: 'passed' });
    });
    runner.on(EVENT_TEST_FAIL, (t, err: Error) => {
      report.failed++;
      report.tests.push({ title: t.fullTitle(), state: 'failed', error: `${err.message}\n${err.stack ?? ''}`.slice(0, 4000) });
    });
    runner.on(EVENT_TEST_PENDING, (t) => {
      report.skipped++;
      report.tests.push({ title: t.fullTitle(), state: 'skipped' });
    });
    runner.once(EVENT_RUN_END, () => {
      if (output) writeFileSync(output, JSON.stringify(report, null, 1));
    });
  }
}

export default KubeLabReporter;
