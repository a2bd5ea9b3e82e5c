/**
 * A vitest reporter that ends the run with one plain line, `tests: N passed, N failed, N skipped`,
 * which CI systems that do not know vitest's own summary can read.
 *
 * Before that line it measures every PDF the run built (the files under the run's temporary folder,
 * see tests/helpers/test-run.ts) that this program's PDF writer made against the 版心 with poppler (tests/helpers/glyph-box.ts): a PDF
 * with any glyph outside counts as a failed test, is listed with the glyphs, and fails the run.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';
import { glyphBoxProblems } from './glyph-box.js';
import { has } from './pdf.js';
import { RUN_DIR_ENV } from './test-run.js';

/** Every file ending in .pdf under `dir`. */
function pdfsUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name.toLowerCase().endsWith('.pdf')) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const m of modules) {
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      // A file that failed outside its tests (a syntax error, a failing beforeAll) counts once.
      if (m.state() === 'failed' && ![...m.children.allTests()].some((t) => t.result().state === 'failed')) failed++;
    }
    const dir = process.env[RUN_DIR_ENV];
    if (dir && has('pdftotext')) {
      const files = pdfsUnder(dir);
      let bad = 0;
      let ours = 0;
      for (const f of files) {
        const problems = glyphBoxProblems(f, true);
        // Not a PDF poppler reads (a test's deliberately broken file), or not one of ours.
        if (problems === null) continue;
        ours++;
        if (problems.length === 0) continue;
        bad++;
        process.stdout.write(`\n× glyphs outside the 版心 in ${path.relative(dir, f)}:\n${problems.slice(0, 10).map((p) => `    ${p}`).join('\n')}\n`);
      }
      process.stdout.write(`\nglyph boxes: ${ours} PDF${ours === 1 ? '' : 's'} written by report in this run measured against the 版心, ${bad} with glyphs outside\n`);
      if (bad > 0) {
        failed += bad;
        process.exitCode = 1;
      }
    }
    process.stdout.write(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
