#!/usr/bin/env node
// The `report` command. It runs the bundled CLI (dist/report.cjs, built by `npm run build`) through
// a V8 code cache (bin/code-cache.cjs), so that parsing and compiling the bundle is paid once, not on
// every run; the DOCX thread runs its bundle the same way. On Node.js 22.1+ the libraries loaded
// later (pdfkit, fontkit) are kept compiled too, in Node's own module compile cache
// (module.enableCompileCache); older versions simply compile them. The caches live in
// REPORT_CACHE_DIR, else node_modules/.cache/report, else the system temp folder; when none is
// writable the CLI simply runs without them.
// A CommonJS script (bin/package.json): loading it skips the ES module loader, whose import of
// node:fs alone loads fs streams and promises the CLI does not use.
'use strict';
const { existsSync, readFileSync } = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const { cacheDir: findCacheDir, runCached } = require('./code-cache.cjs');

const here = __dirname;
const bundle = path.join(here, '..', 'dist', 'report.cjs');

let source;
try {
  // Pure ASCII (scripts/bundle.mjs makes it so): read as Latin-1, a plain copy of the bytes.
  source = readFileSync(bundle, 'latin1');
} catch (e) {
  // An installation without its built program (a clone before `npm run build`, a package packed
  // without dist/): say so plainly, never with a stack trace.
  process.stderr.write(
    `错误: report 的安装不完整：找不到 ${bundle}（${e && e.code ? e.code : e}）\n` +
      '  提示: 在源码文件夹里先运行 npm run build；安装的 report 缺少这个文件时请重新安装\n',
  );
  process.exit(3);
}
const cacheDir = findCacheDir();
if (typeof Module.enableCompileCache === 'function' && !process.env.NODE_DISABLE_COMPILE_CACHE) {
  try {
    Module.enableCompileCache(path.join(cacheDir, 'modules'));
  } catch {
    // No cache: the libraries are compiled on each run, nothing else changes.
  }
}

/**
 * The formats these arguments build: for `build` (after the global options -C/--project DIR,
 * --json, --debug) those of --format/-f, all by default; none for another command or for help.
 * Only a guess, to start the DOCX thread early: the CLI itself parses the arguments.
 */
function buildFormats(argv) {
  let i = 2;
  while (i < argv.length && argv[i].startsWith('-')) i += argv[i] === '-C' || argv[i] === '--project' ? 2 : 1;
  if (argv[i] !== 'build') return [];
  let formats = ['docx', 'pdf', 'txt'];
  for (let k = i + 1; k < argv.length; k++) {
    const a = argv[k];
    if (a === '-h' || a === '--help') return [];
    const value = a === '-f' || a === '--format' ? argv[k + 1] : /^(?:--format=|-f)(.+)$/.exec(a)?.[1];
    if (value !== undefined) formats = value.split(',');
  }
  return formats;
}

/**
 * Starts the DOCX thread (src/cli/docx-pool.ts): dist/docx-worker.cjs, through the code cache.
 * With `prepareLineBreaking` it first prepares the PDF line breaker's word segmenter (see there).
 */
const docxThreadFile = path.join(here, '..', 'dist', 'docx-worker.cjs');
const startDocxThread = (prepareLineBreaking = false) => {
  const { Worker } = require('node:worker_threads');
  return new Worker(path.join(here, 'docx-thread.cjs'), { workerData: { file: docxThreadFile, cacheDir, prepareLineBreaking } });
};

// A build's DOCX is written on that second thread. Started here, before the CLI is even compiled,
// the thread's own start-up and the loading of the DOCX library run on the second core while this
// one loads the CLI and reads the data. It is handed to the CLI below; until the CLI takes it, it
// never keeps the process alive, and an error is kept for the CLI to report.
let docxThread;
const formats = buildFormats(process.argv);
if (formats.includes('docx') && existsSync(docxThreadFile)) {
  // The PDF's line breaker needs ICU's Chinese dictionary unless earlier runs kept the word
  // lengths it looks up (src/cli/word-lengths.ts, the same file name).
  const versions = process.versions;
  const wordLengths = path.join(cacheDir, `word-lengths-icu${versions.icu ?? 'none'}-unicode${versions.unicode ?? 'none'}.json`);
  const worker = startDocxThread(formats.includes('pdf') && !existsSync(wordLengths));
  docxThread = { worker, error: null };
  worker.on('error', (e) => {
    docxThread.error ??= e;
  });
  worker.unref();
}

// A build has a code cache of its own: the first command of a new installation is often `init`,
// whose cache would hold little of what every later build compiles.
const cli = runCached(bundle, cacheDir, source, formats.length > 0 ? 'build' : '');
process.once('exit', cli.save);
// A rejection here is a bug of report's own: Node.js prints it and exits with 1.
cli.exports.main(process.argv, { docxThread, startDocxThread: () => startDocxThread() });
