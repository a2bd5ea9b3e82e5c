#!/usr/bin/env node
// The `report` command. It runs the bundled CLI (dist/report.cjs, built by `npm run build`) through
// a V8 code cache, so that parsing and compiling the bundle is paid once, not on every run. On
// Node.js 22.1+ the libraries loaded later (pdfkit, fontkit, docx) are kept compiled too, in Node's
// own module compile cache (module.enableCompileCache); older versions simply compile them. The
// caches live in REPORT_CACHE_DIR, else node_modules/.cache/report, else the system temp folder;
// when none is writable the CLI simply runs without them.
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const here = path.dirname(fileURLToPath(import.meta.url));
const bundle = path.join(here, '..', 'dist', 'report.cjs');
const require = createRequire(bundle);
const Module = require('node:module');

let source;
try {
  source = readFileSync(bundle, 'utf8');
} catch (e) {
  // An installation without its built program (a clone before `npm run build`, a package packed
  // without dist/): say so plainly, never with a stack trace.
  process.stderr.write(
    `错误: report 的安装不完整：找不到 ${bundle}（${e && e.code ? e.code : e}）\n` +
      '  提示: 在源码文件夹里先运行 npm run build；安装的 report 缺少这个文件时请重新安装\n',
  );
  process.exit(3);
}
const stamp = `${process.version}-${process.arch}-${statSync(bundle).mtimeMs}-${source.length}`;
const dirs = [process.env.REPORT_CACHE_DIR, path.join(here, '..', 'node_modules', '.cache', 'report'), path.join(tmpdir(), 'report-cache')];
const cacheDir = dirs.find(Boolean);
const cacheFile = path.join(cacheDir, `cli-${stamp.replace(/[^\w.-]/g, '_')}.v8`);
if (typeof Module.enableCompileCache === 'function' && !process.env.NODE_DISABLE_COMPILE_CACHE) {
  try {
    const r = Module.enableCompileCache(path.join(cacheDir, 'modules'));
    // The DOCX thread enables the same folder for itself (a worker does not inherit it).
    if (r?.directory) process.env.REPORT_COMPILE_CACHE = path.join(cacheDir, 'modules');
  } catch {
    // No cache: the libraries are compiled on each run, nothing else changes.
  }
}

let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
const script = new vm.Script(Module.wrap(source), { filename: bundle, cachedData });
const module = { exports: {} };
script.runInThisContext()(module.exports, require, module, bundle, path.dirname(bundle));

if (cachedData === undefined || script.cachedDataRejected) {
  process.once('exit', () => {
    try {
      mkdirSync(cacheDir, { recursive: true });
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(tmp, script.createCachedData());
      renameSync(tmp, cacheFile);
    } catch {
      // No writable cache folder: the next run compiles again, nothing else changes.
    }
  });
}

await module.exports.main(process.argv);
