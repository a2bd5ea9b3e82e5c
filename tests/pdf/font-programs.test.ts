/**
 * Compressed font programs kept between runs (render/pdf/paint.ts: FontProgramStore, and the CLI's
 * store in the compile cache): a PDF made from kept programs is byte for byte the PDF made without
 * a store; a document that uses another glyph is not given the old program; and the installed
 * program keeps them for a one-document build only.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveFonts } from '../../src/cli/fonts.js';
import type { FontSet } from '../../src/fonts/types.js';
import { toPdf, type FontProgramStore } from '../../src/render/pdf/index.js';
import type { Doc } from '../../src/document/types.js';
import { copySample, REPO, runCli } from '../helpers/cli.js';
import { pdffonts, pdftotext, tempFile } from '../helpers/pdf.js';
import { sampleDoc } from '../helpers/sample.js';

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
  it('keeps the font programs of a one-document build in the compile cache, not those of a batch', () => {
    const dir = copySample();
    const cache = mkdtempSync(path.join(tmpdir(), 'report-fp-'));
    const env = { REPORT_CACHE_DIR: cache, SOURCE_DATE_EPOCH: '1735689600' };
    const programs = () =>
      readdirSync(path.join(cache, 'compiled')).filter((f) => (JSON.parse(readFileSync(path.join(cache, 'compiled', f), 'utf8')) as { slot: string }).slot.startsWith('font-program:')).length;
    expect(runCli(['build', '--all', '--format', 'pdf'], dir, env).code).toBe(0);
    expect(programs()).toBe(0);
    expect(runCli(['build', '2024', '--format', 'pdf', '--force'], dir, env).code).toBe(0);
    const pdf = path.join(dir, 'out', '2024', '瓦房镇人民政府2024年法治政府建设年度报告.pdf');
    const first = readFileSync(pdf);
    expect(programs()).toBeGreaterThanOrEqual(3);
    expect(runCli(['build', '2024', '--format', 'pdf', '--force'], dir, env).code).toBe(0);
    expect(readFileSync(pdf).equals(first)).toBe(true);
  }, 120_000);
});
