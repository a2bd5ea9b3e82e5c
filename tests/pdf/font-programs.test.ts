/**
 * Compressed font programs kept between runs (render/pdf/paint.ts: FontProgramStore, and the CLI's
 * store in the compile cache): a PDF made from kept programs is byte for byte the PDF made without
 * a store; a document that uses another glyph is not given the old program; and the installed
 * program keeps them for a one-document build only.
 */
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { resolveFonts } from '../../src/cli/fonts.js';
import type { FontSet } from '../../src/fonts/types.js';
import { toPdf, type FontProgramStore } from '../../src/render/pdf/index.js';
import type { Doc } from '../../src/document/types.js';
import { copySample, REPO, runCli } from '../helpers/cli.js';
import { pdffonts, pdftotext, tempFile } from '../helpers/pdf.js';
import { sampleDoc } from '../helpers/sample.js';
import { startWatch, stopWatchers } from '../helpers/watch.js';

afterEach(stopWatchers);

const DATE = new Date('2025-01-20T00:00:00Z');

/** A store in memory that records what it was asked. */
function memoryStore() {
  const kept = new Map<string, Uint8Array>();
  const log: string[] = [];
  const store: FontProgramStore = {
    get(font, glyphs) {
      const v = kept.get(`${font}|${glyphs}`);
      log.push(`${v ? 'hit' : 'miss'} ${font}`);
      return v;
    },
    set(font, glyphs, compressed) {
      log.push(`set ${font}`);
      kept.set(`${font}|${glyphs}`, compressed);
    },
  };
  return { store, kept, log };
}

let fonts: FontSet;
beforeAll(async () => {
  const r = await resolveFonts({}, REPO);
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  fonts = r.value;
}, 60_000);

/** The sample with one more character in its first paragraph (a glyph the sample does not use). */
function withNewGlyph(doc: Doc): Doc {
  const i = doc.blocks.findIndex((b) => b.type === 'paragraph');
  const blocks = doc.blocks.map((b, k) => (k === i && b.type === 'paragraph' ? { ...b, text: `${b.text}龘` } : b));
  return { ...doc, blocks } as Doc;
}

describe('kept font programs', () => {
  it('give the same PDF, byte for byte, as writing and compressing them', async () => {
    const plain = (await toPdf(sampleDoc(), fonts, { creationDate: DATE })).bytes;
    const { store, kept, log } = memoryStore();
    const first = (await toPdf(sampleDoc(), fonts, { creationDate: DATE, fontPrograms: store })).bytes;
    expect(Buffer.from(first).equals(Buffer.from(plain))).toBe(true);
    expect(kept.size).toBeGreaterThanOrEqual(3);
    expect(log.filter((l) => l.startsWith('hit'))).toEqual([]);
    log.length = 0;
    const second = (await toPdf(sampleDoc(), fonts, { creationDate: DATE, fontPrograms: store })).bytes;
    expect(log.filter((l) => l.startsWith('miss') || l.startsWith('set'))).toEqual([]);
    expect(Buffer.from(second).equals(Buffer.from(plain))).toBe(true);
  }, 60_000);

  it('are not used for a document with another glyph, which gets its own', async () => {
    const { store, log } = memoryStore();
    await toPdf(sampleDoc(), fonts, { creationDate: DATE, fontPrograms: store });
    log.length = 0;
    const changed = withNewGlyph(sampleDoc());
    const bytes = (await toPdf(changed, fonts, { creationDate: DATE, fontPrograms: store })).bytes;
    const plain = (await toPdf(changed, fonts, { creationDate: DATE })).bytes;
    expect(Buffer.from(bytes).equals(Buffer.from(plain))).toBe(true);
    // The body font's subset changed: a miss and a new program; the other fonts' are reused.
    expect(log.filter((l) => l.startsWith('miss')).length).toBe(1);
    expect(log.filter((l) => l.startsWith('hit')).length).toBeGreaterThanOrEqual(2);
    const file = tempFile(bytes, 'new-glyph.pdf');
    expect(pdftotext(file)).toContain('龘');
    expect(pdffonts(file).length).toBeGreaterThanOrEqual(3);
  }, 60_000);
});

describe('the installed program', () => {
  it('embeds whole fonts when a configured font is another role’s stand-in (one PDF font for both)', () => {
    const dir = copySample({ previous: false });
    const warm = mkdtempSync(path.join(tmpdir(), 'report-fp-warm-'));
    const env = (cache: string) => ({ REPORT_CACHE_DIR: cache, SOURCE_DATE_EPOCH: '1735689600' });
    const build = (cache: string) => runCli(['build', '2024', '--format', 'pdf', '--force'], dir, env(cache));
    expect(build(warm).code).toBe(0);
    // The body font: a copy of the page numbers' stand-in, so pdfkit embeds the two as one font.
    const serif = path.join(REPO, 'node_modules', '@expo-google-fonts', 'noto-serif-sc', '400Regular', 'NotoSerifSC_400Regular.ttf');
    mkdirSync(path.join(dir, 'fonts'));
    copyFileSync(serif, path.join(dir, 'fonts', 'body.ttf'));
    appendFileSync(path.join(dir, 'report.yaml'), '\nfonts:\n  body: {file: fonts/body.ttf}\n');
    const pdf = path.join(dir, 'out', '2024', '瓦房镇人民政府2024年法治政府建设年度报告.pdf');
    expect(build(mkdtempSync(path.join(tmpdir(), 'report-fp-cold-'))).code).toBe(0);
    const cold = readFileSync(pdf);
    for (let i = 0; i < 2; i++) {
      expect(build(warm).code).toBe(0);
      expect(readFileSync(pdf).equals(cold)).toBe(true);
    }
    expect(pdftotext(pdf)).toContain('依法行政');
  }, 120_000);

  it('unpacks a WOFF font again when its copy in the cache was cut short', () => {
    const dir = copySample({ previous: false });
    const cache = mkdtempSync(path.join(tmpdir(), 'report-fp-cut-'));
    const env = { REPORT_CACHE_DIR: cache, SOURCE_DATE_EPOCH: '1735689600' };
    const pdf = path.join(dir, 'out', '2024', '瓦房镇人民政府2024年法治政府建设年度报告.pdf');
    expect(runCli(['build', '2024', '--format', 'pdf'], dir, env).code).toBe(0);
    const first = readFileSync(pdf);
    const [copy] = readdirSync(path.join(cache, 'fonts')).filter((f) => f.endsWith('.ttf'));
    const file = path.join(cache, 'fonts', copy!);
    const size = readFileSync(file).length;
    truncateSync(file, Math.floor(size / 2));
    // The compiled font programs would hide the damage: without them the copy is read again.
    rmSync(path.join(cache, 'compiled'), { recursive: true });
    const again = runCli(['build', '2024', '--format', 'pdf', '--force'], dir, env);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(readFileSync(pdf).equals(first)).toBe(true);
    expect(readFileSync(file).length).toBe(size);
  }, 60_000);

  it('records a WOFF font by the WOFF file, whether or not it was read through its unpacked copy', async () => {
    const dir = copySample({ previous: false });
    const cache = mkdtempSync(path.join(tmpdir(), 'report-fp-woff-'));
    const env = { REPORT_CACHE_DIR: cache, SOURCE_DATE_EPOCH: '1735689600' };
    // A first build unpacks the WOFF stand-in (the 楷体 role) into the cache folder.
    expect(runCli(['build', '2024', '--format', 'pdf', '--out', mkdtempSync(path.join(tmpdir(), 'report-fp-out-'))], dir, env).code).toBe(0);
    // watch builds twice in one process, the second time with the fonts already read (through the copy).
    const saved = { ...process.env };
    Object.assign(process.env, env);
    let w: ReturnType<typeof startWatch>;
    try {
      w = startWatch(dir, '2024', '--format', 'pdf');
    } finally {
      for (const k of Object.keys(env)) if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    await w.waitFor(() => w.io.out.includes('正在监视'), 'the ready line');
    const data = path.join(dir, 'data', '2024.yaml');
    writeFileSync(data, readFileSync(data, 'utf8').replace('期数: 4 ', '期数: 5 '));
    await w.waitFor(() => w.count('完成') >= 2, 'the rebuild');
    expect(w.io.out).not.toContain('PDF 字体');
    w.child.kill('SIGINT');
    expect(await w.exited).toBe(0);
    const again = runCli(['build', '2024', '--format', 'pdf'], dir, env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('已是最新，跳过');
  }, 60_000);

  it('keeps the font programs of a one-document build in the compile cache, not those of a batch', () => {
    const dir = copySample();
    const cache = mkdtempSync(path.join(tmpdir(), 'report-fp-'));
    const env = { REPORT_CACHE_DIR: cache, SOURCE_DATE_EPOCH: '1735689600' };
    const programs = () =>
      readdirSync(path.join(cache, 'compiled')).filter((f) => {
        const file = readFileSync(path.join(cache, 'compiled', f));
        return (JSON.parse(file.toString('utf8', 0, file.indexOf(0x0a))) as { slot: string }).slot.startsWith('font-program:');
      }).length;
    expect(runCli(['build', '--all', '--format', 'pdf'], dir, env).code).toBe(0);
    expect(programs()).toBe(0);
    expect(runCli(['build', '2024', '--format', 'pdf', '--force'], dir, env).code).toBe(0);
    const pdf = path.join(dir, 'out', '2024', '瓦房镇人民政府2024年法治政府建设年度报告.pdf');
    const first = readFileSync(pdf);
    expect(programs()).toBeGreaterThanOrEqual(3);
    expect(runCli(['build', '2024', '--format', 'pdf', '--force'], dir, env).code).toBe(0);
    expect(readFileSync(pdf).equals(first)).toBe(true);
    // Another project with the same fonts keeps its own: the two do not take turns at one entry.
    const kept = programs();
    const other = copySample();
    expect(runCli(['build', '2024', '--format', 'pdf'], other, env).code).toBe(0);
    expect(programs()).toBe(2 * kept);
  }, 120_000);
});

describe('runs of text', () => {
  it('are written as pdfkit writes them: the same bytes for the sample, a 公文 with tables and a 政府信息公开 report', async () => {
    const { gongwenDoc } = await import('../helpers/gongwen.js');
    const { compileYear } = await import('../../src/cli/pipeline.js');
    const { loadProject } = await import('../../src/cli/project.js');
    const xxgk = compileYear(loadProject(path.join(REPO, 'examples', 'xxgk-huaian')), 2024).doc;
    for (const doc of [sampleDoc(), gongwenDoc(), xxgk]) {
      const ours = (await toPdf(doc, fonts, { creationDate: DATE })).bytes;
      const pdfkits = (await toPdf(doc, fonts, { creationDate: DATE, pdfkitText: true })).bytes;
      expect(Buffer.from(ours).equals(Buffer.from(pdfkits))).toBe(true);
    }
  }, 120_000);
});
