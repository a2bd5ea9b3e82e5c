// Runs a bundled CommonJS file (dist/*.cjs, built by `npm run build`) through a V8 code cache, so
// that parsing and compiling it is paid once, not on every run: the launcher (bin/report.js) runs
// the CLI with it, and the DOCX thread (bin/docx-thread.cjs) runs dist/docx-worker.cjs the same
// way (Node.js 20 has no module compile cache, and a worker does not share the main thread's).
// The cache is written when missing or rejected (another Node.js, a rebuilt bundle): for the CLI
// when the process exits, for the DOCX thread after its first document, so that it holds the
// functions a run really compiles; caches of other builds of the bundle written over a week ago
// are then removed. When no cache folder is writable everything simply runs
// without one.
'use strict';
const { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { tmpdir } = require('node:os');
const path = require('node:path');
const vm = require('node:vm');
const { crc32 } = require('node:zlib');

/** The cache folder: REPORT_CACHE_DIR, else node_modules/.cache/report (the nearest node_modules), else the system temp folder. */
function cacheDir() {
  if (process.env.REPORT_CACHE_DIR) return process.env.REPORT_CACHE_DIR;
  // The nearest node_modules above this folder, as the CLI finds it (src/cli/fonts.ts: cacheFolder).
  for (let dir = __dirname, i = 0; i < 4; i++, dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'node_modules'))) return path.join(dir, 'node_modules', '.cache', 'report');
  }
  return path.join(tmpdir(), 'report-cache');
}

/**
 * Loads `file` (its text `source` when already read; the bundles are pure ASCII, so it is read as
 * Latin-1, a plain copy of the bytes) with the code cache in `dir`. Returns its
 * exports and `save()`, which writes the cache when it was missing or rejected (never throws).
 * `variant` names a cache of its own for one kind of run (`build`): a cache holds the functions
 * the run that wrote it compiled, and a build compiles much that `init` or `check` never do.
 */
function runCached(file, dir = cacheDir(), source = readFileSync(file, 'latin1'), variant = '') {
  const name = `${path.basename(file, '.cjs').replace(/^report$/, 'cli')}${variant ? `-${variant}` : ''}`;
  // This bundle's caches for this Node.js are named `<mine><bundle's time and length>.v8`.
  const mine = `${name}-${`${process.version}-${process.arch}-`.replace(/[^\w.-]/g, '_')}`;
  const cacheFile = path.join(dir, `${mine}${`${statSync(file).mtimeMs}-${source.length}`.replace(/[^\w.-]/g, '_')}.v8`);
  // The file is the cache's CRC-32, then the cache: V8 does not check what it is handed, and a
  // damaged cache (a bad disk, a byte changed by hand) would crash the process.
  let cachedData;
  try {
    const stored = readFileSync(cacheFile);
    cachedData = stored.length > 4 && stored.readUInt32LE(0) === crc32(stored.subarray(4)) ? stored.subarray(4) : undefined;
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, Module.createRequire(file), module, file, path.dirname(file));
  let pending = cachedData === undefined || script.cachedDataRejected;
  const save = () => {
    if (!pending) return;
    pending = false;
    try {
      mkdirSync(dir, { recursive: true });
      const tmp = `${cacheFile}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      const data = script.createCachedData();
      const head = Buffer.alloc(4);
      head.writeUInt32LE(crc32(data));
      try {
        writeFileSync(tmp, Buffer.concat([head, data]));
        renameSync(tmp, cacheFile);
      } catch (e) {
        rmSync(tmp, { force: true });
        throw e;
      }
      // Caches of other builds of this bundle for this Node.js written over a week ago are removed
      // (not all at once: two installed versions may share the folder and take turns; a cache
      // removed while still in use is simply written again).
      const weekAgo = Date.now() - 7 * 24 * 3600 * 1000;
      for (const f of readdirSync(dir)) {
        if (!f.startsWith(mine) || !f.endsWith('.v8') || f === path.basename(cacheFile)) continue;
        const stale = path.join(dir, f);
        if (statSync(stale).mtimeMs < weekAgo) rmSync(stale, { force: true });
      }
    } catch {
      // No writable cache folder: the next run compiles again, nothing else changes.
    }
  };
  return { exports: module.exports, save };
}

module.exports = { cacheDir, runCached };
