/**
 * Loaded with `node --require` into each benchmarked process: at exit it writes the process's peak
 * resident memory (kilobytes) and the CPU time it used (milliseconds, user + system, all threads)
 * to the file named by REPORT_BENCH_RSS_FILE, as JSON. Nothing in the product knows about it.
 * CommonJS, so that it does not start the ES module loader in a process that would not (as
 * `report` does not: bin/report.js is CommonJS), which would add to what is measured.
 */
'use strict';
const { writeFileSync } = require('node:fs');

const file = process.env.REPORT_BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    try {
      const cpu = process.cpuUsage();
      writeFileSync(file, JSON.stringify({ maxRSS: process.resourceUsage().maxRSS, cpuMs: (cpu.user + cpu.system) / 1000 }));
    } catch {
      /* best effort */
    }
  });
}
