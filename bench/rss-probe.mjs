/**
 * Loaded with `node --import` into each benchmarked process: at exit it writes the process's peak
 * resident memory (kilobytes) to the file named by REPORT_BENCH_RSS_FILE. Nothing in the product
 * knows about it.
 */
import { writeFileSync } from 'node:fs';

const file = process.env.REPORT_BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    try {
      writeFileSync(file, String(process.resourceUsage().maxRSS));
    } catch {
      /* best effort */
    }
  });
}
