// The entry of the DOCX thread (src/cli/docx-pool.ts; started by bin/report.js): runs
// dist/docx-worker.cjs (workerData.file) through the code cache (bin/code-cache.cjs), and saves
// the cache when the bundle says it has written its first document (its export `whenWarm`), so
// that the cache holds what writing a document compiles.
'use strict';
const { workerData } = require('node:worker_threads');
const { runCached } = require('./code-cache.cjs');

const bundle = runCached(workerData.file, workerData.cacheDir);
if (typeof bundle.exports.whenWarm === 'function') bundle.exports.whenWarm(bundle.save);
