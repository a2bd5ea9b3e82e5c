/**
 * Benchmark projects, generated into a temporary folder from the sample project:
 *   - `sample`: the repository's own project as it is;
 *   - `pages-N`: one year whose lists are the sample's, repeated and with their characters varied
 *     so that about 2,500 distinct hanzi appear (as in a real long report), sized to ~N pages;
 *   - `batch-50`: fifty years of data (1975–2024), built by one command;
 *   - `batch-1000`: a thousand years of data (1980–2979), built by one command (`--all`), to show
 *     that the cost per document stays the same and memory stays flat;
 *   - every example project under examples/ (a folder holding a report.yaml), copied as it is: a new
 *     example is measured by the bench as soon as its folder is there.
 * Deterministic: a seeded generator, so every run measures the same documents.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';
import { parse, stringify } from 'yaml';

export const REPO = fileURLToPath(new URL('../', import.meta.url));

/** A small seeded generator (mulberry32): `random(seed)()` gives numbers in [0, 1), the same for the same seed. */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The 6,763 hanzi of GB 2312, decoded from their code points (no data file needed). */
function gb2312Hanzi() {
  const decoder = new TextDecoder('gb18030');
  const out = [];
  for (let a = 0xb0; a <= 0xf7; a++) {
    for (let b = 0xa1; b <= 0xfe; b++) {
      const s = decoder.decode(new Uint8Array([a, b]));
      if (/^[\u4e00-\u9fff]$/u.test(s)) out.push(s);
    }
  }
  return out;
}

function copyProject(into) {
  for (const entry of ['report.yaml', 'model.yaml', 'data', 'templates']) {
    cpSync(path.join(REPO, entry), path.join(into, entry), { recursive: true });
  }
}

/** Varies a sentence: every third hanzi is replaced by one from a pool of `distinct` hanzi. */
function vary(text, pool, next) {
  let i = 0;
  return [...text]
    .map((ch) => (/[\u4e00-\u9fff]/u.test(ch) && i++ % 3 === 0 ? pool[Math.floor(next() * pool.length)] : ch))
    .join('');
}

/** Writes a project whose one year (2024) runs to about `pages` pages. */
function pagesProject(dir, pages, distinct = 2500) {
  copyProject(dir);
  const file = path.join(dir, 'data', '2024.yaml');
  const data = parse(readFileSync(file, 'utf8'));
  const next = random(pages);
  const pool = gb2312Hanzi().slice(0, distinct);
  // One page holds 22 lines × 28 字 ≈ 600 字; the sample's fixed text is about 4 pages.
  const items = [...data.存在问题, ...data.工作安排];
  const wanted = Math.max(0, pages - 4) * 600;
  const problems = [];
  const plans = [];
  let total = 0;
  for (let k = 0; total < wanted; k++) {
    const base = items[k % items.length];
    const body = vary(`${base.内容}${base.内容}`, pool, next);
    const item = { 标题: `${vary(base.标题, pool, next)}${k + 1}`, 内容: body };
    (k % 2 === 0 ? problems : plans).push(item);
    total += [...body].length + 30;
  }
  data.存在问题 = [...data.存在问题, ...problems];
  data.工作安排 = [...data.工作安排, ...plans];
  writeFileSync(file, stringify(data, { lineWidth: 0 }));
}

/** Writes a project with `years` years of data, the last being `last` (fifty: 1975–2024). */
function batchProject(dir, years = 50, last = 2024) {
  copyProject(dir);
  const sample = readFileSync(path.join(dir, 'data', '2024.yaml'), 'utf8');
  for (let y = last - years + 1; y <= last; y++) {
    const text = sample.replace(/^年度: 2024$/m, `年度: ${y}`).replace(/^成文日期: 2025-01-20/m, `成文日期: ${y + 1}-01-20`);
    writeFileSync(path.join(dir, 'data', `${y}.yaml`), text);
  }
}

/** Creates every benchmark project under a new temporary folder; returns their folders. */
export function makeFixtures() {
  const root = mkdtempSync(path.join(tmpdir(), 'report-bench-'));
  const at = (name) => {
    const d = path.join(root, name);
    mkdirSync(d, { recursive: true });
    return d;
  };
  const sample = at('sample');
  copyProject(sample);
  const pages10 = at('pages-10');
  pagesProject(pages10, 10);
  const pages100 = at('pages-100');
  pagesProject(pages100, 100);
  const batch = at('batch-50');
  batchProject(batch);
  const batch1000 = at('batch-1000');
  batchProject(batch1000, 1000, 2979);
  // Examples keep their place under a copy of the repository's own project, so that one that uses
  // the root's files (examples/瓦房镇-同比示例: model: ../../model.yaml) finds them as it does there.
  const tree = at('repository');
  copyProject(tree);
  const examples = exampleProjects().map(({ name, dir }) => {
    const into = path.join(tree, 'examples', name);
    mkdirSync(into, { recursive: true });
    cpSync(dir, into, { recursive: true, filter: (src) => !/[\\/](out|node_modules)$/.test(src) });
    return { name, dir: into };
  });
  return { root, sample, pages10, pages100, batch, batch1000, examples };
}

/** The example projects kept in the repository: folders under examples/ that hold a report.yaml. */
export function exampleProjects() {
  const base = path.join(REPO, 'examples');
  if (!existsSync(base)) return [];
  return readdirSync(base, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(base, e.name, 'report.yaml')))
    .map((e) => ({ name: e.name, dir: path.join(base, e.name) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * A folder with the sample's four stand-in fonts as Typst can read them (TTF; the WOFF of LXGW
 * WenKai unpacked), for the Typst reference row. Returns the folder.
 */
export function typstFonts(root) {
  const dir = path.join(root, 'typst-fonts');
  mkdirSync(dir, { recursive: true });
  const req = createRequire(path.join(REPO, 'package.json'));
  for (const m of [
    '@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf',
    '@expo-google-fonts/noto-serif-sc/900Black/NotoSerifSC_900Black.ttf',
    '@expo-google-fonts/noto-sans-sc/500Medium/NotoSansSC_500Medium.ttf',
  ]) {
    symlinkSync(req.resolve(m), path.join(dir, path.basename(m)));
  }
  const woff = readFileSync(req.resolve('@fontsource/lxgw-wenkai/files/lxgw-wenkai-latin-500-normal.woff'));
  writeFileSync(path.join(dir, 'lxgw-wenkai-500.ttf'), unwoff(woff));
  return dir;
}

/** WOFF 1.0 → SFNT (each table inflated, the directory rebuilt; checksums kept). */
function unwoff(buf) {
  const count = buf.readUInt16BE(12);
  const tables = [];
  for (let i = 0; i < count; i++) {
    const o = 44 + i * 20;
    const [tag, offset, comp, orig, sum] = [0, 4, 8, 12, 16].map((k) => buf.readUInt32BE(o + k));
    const raw = buf.subarray(offset, offset + comp);
    tables.push({ tag, sum, data: comp < orig ? inflateSync(raw) : raw });
  }
  const header = Buffer.alloc(12 + 16 * count);
  header.writeUInt32BE(buf.readUInt32BE(4), 0);
  header.writeUInt16BE(count, 4);
  const parts = [header];
  let at = header.length;
  tables.forEach((t, i) => {
    header.writeUInt32BE(t.tag, 12 + 16 * i);
    header.writeUInt32BE(t.sum, 16 + 16 * i);
    header.writeUInt32BE(at, 20 + 16 * i);
    header.writeUInt32BE(t.data.length, 24 + 16 * i);
    const pad = (4 - (t.data.length % 4)) % 4;
    parts.push(t.data, Buffer.alloc(pad));
    at += t.data.length + pad;
  });
  return Buffer.concat(parts);
}
