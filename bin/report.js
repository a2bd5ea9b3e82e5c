#!/usr/bin/env node
// The `report` command. It runs the bundled CLI (dist/report.cjs, built by `npm run build`) through
// a V8 code cache, so that parsing and compiling the bundle is paid once, not on every run. The
// cache lives in REPORT_CACHE_DIR, else node_modules/.cache/report, else the system temp folder;
// when none is writable the CLI simply runs without it.
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

const source = readFileSync(bundle, 'utf8');
const stamp = `${process.version}-${process.arch}-${statSync(bundle).mtimeMs}-${source.length}`;
const dirs = [process.env.REPORT_CACHE_DIR, path.join(here, '..', 'node_modules', '.cache', 'report'), path.join(tmpdir(), 'report-cache')];
const cacheDir = dirs.find(Boolean);
const cacheFile = path.join(cacheDir, `cli-${stamp.replace(/[^\w.-]/g, '_')}.v8`);

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
