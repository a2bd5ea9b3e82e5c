/**
 * Global set-up of the test run: every temporary file the tests (and the programs they start)
 * make goes into one folder for the run, so that at the end every PDF the run built can be measured
 * against the 版心 (tests/helpers/summary-reporter.ts, with tests/helpers/glyph-box.ts), whichever
 * test built it. The folder is removed when the run ends.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The environment variable naming the run's folder (read by the summary reporter). */
export const RUN_DIR_ENV = 'REPORT_TEST_RUN_DIR';

export default function setup(): () => void {
  const dir = mkdtempSync(path.join(tmpdir(), 'report-run-'));
  // Open to everyone like /tmp itself: some tests run the program as another user.
  chmodSync(dir, 0o1777);
  process.env[RUN_DIR_ENV] = dir;
  // Workers and the programs the tests start inherit it: os.tmpdir() is inside the run's folder.
  process.env['TMPDIR'] = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
