// The entry of the DOCX thread (src/cli/docx-pool.ts; started by bin/report.js): runs
// dist/docx-worker.cjs (workerData.file) through the code cache (bin/code-cache.cjs), and saves
// the cache when the bundle says it has written its first document (its export `whenWarm`), so
// that the cache holds what writing a document compiles.
'use strict';
const { workerData } = require('node:worker_threads');

// Started for a build that also writes a PDF (bin/report.js: workerData.prepareLineBreaking): first
// of all, before its bundle loads, the thread has ICU load its Chinese word-break rules and
// dictionary (7–17 ms), which ICU keeps for the whole process, so that the main thread's PDF layout
// (src/layout/line-break.ts: firstWordLength) finds them ready instead of loading them itself.
if (workerData.prepareLineBreaking) for (const s of new Intl.Segmenter('zh', { granularity: 'word' }).segment('12人次')) void s;

const { runCached } = require('./code-cache.cjs');

const bundle = runCached(workerData.file, workerData.cacheDir);
if (typeof bundle.exports.whenWarm === 'function') bundle.exports.whenWarm(bundle.save);
