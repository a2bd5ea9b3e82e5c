#!/usr/bin/env node
/**
 * `npm run bench`: measures whole `report` processes (Node's start included), several runs after a
 * warm-up, and prints the median wall time and peak memory (max RSS) of each case. Writes the
 * numbers to bench/results/latest.json. A benchmark, not a test: it asserts nothing and is never
 * part of `npm test`.
 *
 * The reference row is Typst (in Node, @myriaddreamin/typst-ts-node-compiler) compiling the same
 * sample, written in Typst (bench/typst/sample.typ), to PDF alone. The sample build and Typst are
 * measured in turn, run after run, so that both see the same load on a shared machine.
 *
 *   node bench/run.mjs [--runs N] [--only NAME] [--node PATH]
 *     --runs N     runs per case (default 7; the 1,000-document batch runs once)
 *     --only NAME  only the cases whose name contains NAME (several: NAME|NAME …)
 *     --node PATH  the Node.js binary that runs `report` and Typst (default: the one running this)
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { makeFixtures, REPO, typstFonts } from './fixtures.mjs';
import { growthLines, hostileCases } from './hostile.mjs';

const args = process.argv.slice(2);
const opt = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const RUNS = Number(opt('--runs') || 7) || 7;
const ONLY = opt('--only') ?? null;
const NODE = opt('--node') ?? process.execPath;
const BIN = path.join(REPO, 'bin', 'report.js');
const PROBE = path.join(REPO, 'bench', 'rss-probe.cjs');
const TYPST = path.join(REPO, 'bench', 'typst.mjs');
const TYPST_SAMPLE = path.join(REPO, 'bench', 'typst', 'sample.typ');
const nodeVersion = spawnSync(NODE, ['--version'], { encoding: 'utf8' }).stdout.trim();

/**
 * Runs `node script ...argv` in `cwd` once; returns wall milliseconds, peak RSS in MB and the CPU
 * time the process used (ms, all its threads: on a shared machine a steadier figure than wall time).
 */
function once(cwd, script, argv, env = {}, exit = 0) {
  const rssFile = path.join(os.tmpdir(), `report-bench-rss-${process.pid}.txt`);
  rmSync(rssFile, { force: true });
  const t0 = performance.now();
  const r = spawnSync(NODE, ['--require', PROBE, script, ...argv], {
    cwd,
    env: { ...process.env, ...env, REPORT_BENCH_RSS_FILE: rssFile },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - t0;
  if (r.status !== exit) {
    throw new Error(`${path.basename(script)} ${argv.join(' ')} exited ${r.status}\n${r.stderr}`);
  }
  let rssMb = null;
  let cpuMs = null;
  try {
    const probe = JSON.parse(readFileSync(rssFile, 'utf8'));
    rssMb = probe.maxRSS / 1024;
    cpuMs = probe.cpuMs;
  } catch {
    /* the probe could not write: memory and CPU are reported as unknown */
  }
  return { ms, rssMb, cpuMs };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** A case: a name, the folder to run in, the script (default `report`), its arguments. */
const kase = (name, cwd, argv, more = {}) => ({ name, cwd, argv, script: BIN, prepare: () => {}, env: {}, ...more });

function summarize(c, samples) {
  const result = {
    name: c.name,
    command: `${c.script === BIN ? 'report' : `node ${path.relative(REPO, c.script)}`} ${c.argv.map((a) => (path.isAbsolute(a) ? path.basename(a) : a)).join(' ')}`,
    runs: samples.length,
    medianMs: Math.round(median(samples.map((s) => s.ms))),
    minMs: Math.round(Math.min(...samples.map((s) => s.ms))),
    maxMs: Math.round(Math.max(...samples.map((s) => s.ms))),
    peakRssMb: samples.every((s) => s.rssMb !== null) ? Math.round(Math.max(...samples.map((s) => s.rssMb))) : null,
    medianCpuMs: samples.every((s) => s.cpuMs !== null) ? Math.round(median(samples.map((s) => s.cpuMs))) : null,
  };
  process.stdout.write(
    `${c.name.padEnd(40)} ${String(result.medianMs).padStart(6)} ms  (min ${result.minMs}, max ${result.maxMs})  cpu ${result.medianCpuMs ?? '?'} ms  ${result.peakRssMb ?? '?'} MB\n`,
  );
  return result;
}

/**
 * Measures cases side by side: after one warm-up run each, the cases run in turn (A B A B …), so a
 * change in the machine's load falls on all of them alike. `prepare` runs before every run.
 */
function measure(cases, { runs = RUNS, warmup = 1 } = {}) {
  const chosen = cases.filter((c) => !ONLY || ONLY.split('|').some((name) => c.name.includes(name)));
  if (chosen.length === 0) return [];
  for (let i = 0; i < warmup; i++) {
    for (const c of chosen) {
      c.prepare();
      once(c.cwd, c.script, c.argv, c.env, c.exit);
    }
  }
  const samples = chosen.map(() => []);
  for (let i = 0; i < runs; i++) {
    chosen.forEach((c, k) => {
      c.prepare();
      samples[k].push(once(c.cwd, c.script, c.argv, c.env, c.exit));
    });
  }
  return chosen.map((c, k) => summarize(c, samples[k]));
}

const fx = makeFixtures();
const clean = (dir) => () => rmSync(path.join(dir, 'out'), { recursive: true, force: true });
const cacheDir = path.join(fx.root, 'font-cache');
const coldCache = () => rmSync(cacheDir, { recursive: true, force: true });
const env = { REPORT_CACHE_DIR: cacheDir };
const build = ['build', '--force', '--quiet'];
const fontDir = typstFonts(fx.root);

/**
 * The sample as a clerk rebuilds it after editing the year's data: a copy whose data file gets a
 * new sentence ending, with a character the sample does not use, before every run. Nothing of
 * what the data produces can come from an earlier run (the body font's subset changes too); the
 * project's own files (report.yaml, model.yaml, the template) are unchanged, as between edits.
 */
const edited = path.join(fx.root, 'sample-edited');
cpSync(fx.sample, edited, { recursive: true });
const editedData = path.join(edited, 'data', '2024.yaml');
const editedText = readFileSync(editedData, 'utf8');
const RARE = '夔饕餮魑魅魍魉耄耋龃龉踟蹰觊觎饔飧鬻麇麋黹黼黻鼋鼍鼗';
let edits = 0;
const editData = () => {
  clean(edited)();
  const ch = RARE[edits++ % RARE.length];
  const text = editedText.replace('影响了法治政府建设的整体推进。', `影响了法治政府建设的整体推进${ch}。`);
  if (text === editedText) throw new Error('bench: the sentence to edit is not in data/2024.yaml');
  writeFileSync(editedData, text);
};

process.stdout.write(
  `report benchmark: Node ${nodeVersion}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), load ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}, ${RUNS} runs per case (median)\n\n`,
);
const results = [
  ...measure([
    kase('sample build (docx+pdf+txt), warm', fx.sample, [...build, '2024'], { prepare: clean(fx.sample), env }),
    kase('typst: the sample to PDF (reference)', fx.sample, [fontDir, TYPST_SAMPLE, path.join(fx.root, 'typst-sample.pdf')], { script: TYPST }),
    kase('sample build after editing the data', edited, [...build, '2024'], { prepare: editData, env }),
  ]),
  ...measure([
    kase('sample build, cold font cache', fx.sample, [...build, '2024'], {
      prepare: () => {
        clean(fx.sample)();
        coldCache();
      },
      env,
    }),
  ]),
  ...measure([kase('sample build --format txt', fx.sample, [...build, '2024', '--format', 'txt'], { prepare: clean(fx.sample), env })]),
  ...measure([kase('report check 2024', fx.sample, ['check', '2024'], { env })]),
  ...measure([kase('10 pages, varied hanzi', fx.pages10, [...build, '2024'], { prepare: clean(fx.pages10), env })]),
  ...measure([kase('100 pages, varied hanzi', fx.pages100, [...build, '2024'], { prepare: clean(fx.pages100), env })]),
  ...measure([kase('batch: 50 documents (--all)', fx.batch, [...build, '--all'], { prepare: clean(fx.batch), env })], { runs: Math.min(RUNS, 3) }),
  ...measure([kase('batch: 1000 documents (--all)', fx.batch1000, [...build, '--all'], { prepare: clean(fx.batch1000), env })], {
    runs: 1,
    warmup: 0,
  }),
  ...fx.examples.flatMap((e) => measure([kase(`example ${e.name} (--all)`, e.dir, [...build, '--all'], { prepare: clean(e.dir), env })])),
];

// Hostile inputs at 1× and 4× (bench/hostile.mjs): from one to the other the time should grow about 4×.
const hostile = hostileCases(fx.root);
results.push(...hostile.flatMap((c) => measure([kase(c.name, c.cwd, c.argv, { env, exit: c.exit })], { runs: Math.min(RUNS, 3) })));
const growth = growthLines(hostile, results);
if (growth.length > 0) process.stdout.write(`\ngrowth from 1× to 4× (about 4 is linear):\n${growth.join('\n')}\n`);

const typst = results.find((r) => r.name.startsWith('typst'));
const againstTypst = results.filter((r) => typst && (r.name.startsWith('sample build (docx') || r.name.startsWith('sample build after editing')));
if (againstTypst.length > 0) process.stdout.write('\n');
for (const r of againstTypst) {
  const cpu = r.medianCpuMs && typst.medianCpuMs ? (r.medianCpuMs / typst.medianCpuMs).toFixed(2) : '?';
  process.stdout.write(`${r.name} / Typst (same run): wall ${(r.medianMs / typst.medianMs).toFixed(2)}×, CPU ${cpu}×\n`);
}
for (const [r, docs] of [
  [results.find((x) => x.name.startsWith('batch: 50 ')), 50],
  [results.find((x) => x.name.startsWith('batch: 1000')), 1000],
]) {
  if (!r) continue;
  r.documents = docs;
  r.perDocumentMs = Math.round(r.medianMs / docs);
  r.documentsPerSecond = Math.round((docs / r.medianMs) * 1000 * 10) / 10;
  process.stdout.write(`${r.name}: ${r.perDocumentMs} ms per document, ${r.documentsPerSecond} documents/s, peak ${r.peakRssMb} MB\n`);
}

const outDir = path.join(REPO, 'bench', 'results');
mkdirSync(outDir, { recursive: true });
const report = {
  date: new Date().toISOString(),
  machine: {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? null,
    memGb: Math.round(os.totalmem() / 2 ** 30),
    node: nodeVersion,
    loadAverage: os.loadavg().map((l) => Math.round(l * 10) / 10),
  },
  results,
};
writeFileSync(path.join(outDir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
process.stdout.write(`\nwrote bench/results/latest.json\n`);
rmSync(fx.root, { recursive: true, force: true });
