#!/usr/bin/env node
/**
 * `npm run bench`: measures whole `report` processes (Node's start included), several runs after a
 * warm-up, and prints the median wall time and peak memory (max RSS) of each case. Writes the
 * numbers to bench/results/latest.json. A benchmark, not a test: it asserts nothing and is never
 * part of `npm test`.
 *
 *   node bench/run.mjs [--runs N] [--only NAME]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { makeFixtures, REPO } from './fixtures.mjs';
import { growthLines, hostileCases } from './hostile.mjs';

const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1] || 7) || 7;
const ONLY = args.includes('--only') ? args[args.indexOf('--only') + 1] : null;
const BIN = path.join(REPO, 'bin', 'report.js');
const PROBE = path.join(REPO, 'bench', 'rss-probe.mjs');

/** Runs `report ...argv` in `cwd` once; returns wall milliseconds and peak RSS in MB. */
function once(cwd, argv, env = {}, exit = 0) {
  const rssFile = path.join(os.tmpdir(), `report-bench-rss-${process.pid}.txt`);
  rmSync(rssFile, { force: true });
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', PROBE, BIN, ...argv], {
    cwd,
    env: { ...process.env, ...env, REPORT_BENCH_RSS_FILE: rssFile },
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const ms = performance.now() - t0;
  if (r.status !== exit) {
    throw new Error(`report ${argv.join(' ')} exited ${r.status}\n${r.stderr}`);
  }
  let rssMb = null;
  try {
    rssMb = Number(readFileSync(rssFile, 'utf8')) / 1024;
  } catch {
    /* the probe could not write: memory is reported as unknown */
  }
  return { ms, rssMb };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Measures a case: `prepare` runs before every run (e.g. to clear outputs). */
function measure(name, cwd, argv, { prepare = () => {}, runs = RUNS, warmup = 1, env = {}, exit = 0 } = {}) {
  if (ONLY && !name.includes(ONLY)) return null;
  for (let i = 0; i < warmup; i++) {
    prepare();
    once(cwd, argv, env, exit);
  }
  const samples = [];
  for (let i = 0; i < runs; i++) {
    prepare();
    samples.push(once(cwd, argv, env, exit));
  }
  const result = {
    name,
    command: `report ${argv.join(' ')}`,
    runs,
    medianMs: Math.round(median(samples.map((s) => s.ms))),
    minMs: Math.round(Math.min(...samples.map((s) => s.ms))),
    maxMs: Math.round(Math.max(...samples.map((s) => s.ms))),
    peakRssMb: samples.every((s) => s.rssMb !== null) ? Math.round(Math.max(...samples.map((s) => s.rssMb))) : null,
  };
  process.stdout.write(
    `${name.padEnd(34)} ${String(result.medianMs).padStart(6)} ms  (min ${result.minMs}, max ${result.maxMs})  ${
      result.peakRssMb ?? '?'
    } MB\n`,
  );
  return result;
}

const fx = makeFixtures();
const clean = (dir) => () => rmSync(path.join(dir, 'out'), { recursive: true, force: true });
const cacheDir = path.join(fx.root, 'font-cache');
const coldCache = () => rmSync(cacheDir, { recursive: true, force: true });
const env = { REPORT_CACHE_DIR: cacheDir };
const build = ['build', '--force', '--quiet'];

process.stdout.write(`report benchmark: ${os.cpus().length} cores, Node ${process.version}, ${RUNS} runs per case (median)\n\n`);
const results = [
  measure('sample build (docx+pdf+txt), warm', fx.sample, [...build, '2024'], { prepare: clean(fx.sample), env }),
  measure('sample build, cold font cache', fx.sample, [...build, '2024'], {
    prepare: () => {
      clean(fx.sample)();
      coldCache();
    },
    env,
  }),
  measure('sample build --format txt', fx.sample, [...build, '2024', '--format', 'txt'], { prepare: clean(fx.sample), env }),
  measure('report check 2024', fx.sample, ['check', '2024'], { env }),
  measure('10 pages, varied hanzi', fx.pages10, [...build, '2024'], { prepare: clean(fx.pages10), env }),
  measure('100 pages, varied hanzi', fx.pages100, [...build, '2024'], { prepare: clean(fx.pages100), env }),
  measure('batch: 50 documents (--all)', fx.batch, [...build, '--all'], { prepare: clean(fx.batch), runs: 3, env }),
].filter(Boolean);

// Hostile inputs at 1× and 4× (bench/hostile.mjs): the growth from one to the other should be about 4×.
const hostile = hostileCases(fx.root);
results.push(...hostile.map((c) => measure(c.name, c.cwd, c.argv, { runs: Math.min(RUNS, 3), env, exit: c.exit })).filter(Boolean));
const growth = growthLines(hostile, results);
if (growth.length > 0) process.stdout.write(`\ngrowth from 1× to 4× (about 4 is linear):\n${growth.join('\n')}\n`);

const batch = results.find((r) => r.name.startsWith('batch'));
if (batch) process.stdout.write(`\nbatch per document: ${Math.round(batch.medianMs / 50)} ms\n`);

const outDir = path.join(REPO, 'bench', 'results');
mkdirSync(outDir, { recursive: true });
const report = {
  date: new Date().toISOString(),
  machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model ?? null, memGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
  results,
};
writeFileSync(path.join(outDir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
process.stdout.write(`\nwrote bench/results/latest.json\n`);
rmSync(fx.root, { recursive: true, force: true });
