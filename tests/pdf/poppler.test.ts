/**
 * The sample document model (tests/fixtures/sample-doc.json) typeset with the bundled npm fonts and
 * measured the way an inspector would: from poppler's `pdftotext -bbox-layout` word boxes, `pdffonts`
 * and plain `pdftotext` (format notes §4.2, P1–P13). Skipped, saying so, where poppler is not installed.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as fontkit from 'fontkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveFonts } from '../../src/cli/fonts.js';
import type { Doc } from '../../src/document/types.js';
import type { FontSet } from '../../src/fonts/types.js';
import { toPdf } from '../../src/render/pdf/index.js';
import { LINE_PITCH_PT, PAGE_PT, TEXT_BLOCK_PT } from '../../src/layout/gbt9704.js';
import { REPO } from '../helpers/cli.js';
import { has, kinsokuProblems, pdffonts, pdftotext, readPdf, tempFile } from '../helpers/pdf.js';
import { missingSentences } from '../helpers/reference.js';
import { BOTTOM, CELL, LEFT, MM, RIGHT, TOP } from '../helpers/text-block.js';

const POPPLER = has('pdftotext') && has('pdffonts');
if (!POPPLER) console.warn('tests/pdf/poppler.test.ts: poppler-utils (pdftotext, pdffonts) not installed; measurements from poppler skipped');

const DATE = new Date('2025-01-20T00:00:00Z');

/** A line as poppler sees it: its word boxes joined, the box's corners and the type size. */
interface BoxLine {
  readonly text: string;
  readonly x0: number;
  readonly x1: number;
  readonly yMin: number;
  readonly yMax: number;
  /** Box height: (ascent − descent) × size, the same factor for every line in one font. */
  readonly height: number;
}
interface BoxPage {
  readonly width: number;
  readonly height: number;
  readonly lines: BoxLine[];
}

/** Parses `pdftotext -bbox-layout` output into pages of lines. */
function bboxLayout(file: string): BoxPage[] {
  const html = spawnSync('pdftotext', ['-bbox-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).stdout;
  const num = (s: string, attr: string) => Number(new RegExp(`${attr}="([\\d.]+)"`).exec(s)![1]);
  return [...html.matchAll(/<page ([^>]*)>([\s\S]*?)<\/page>/g)].map(([, attrs, body]) => ({
    width: num(attrs!, 'width'),
    height: num(attrs!, 'height'),
    lines: [...body!.matchAll(/<line ([^>]*)>([\s\S]*?)<\/line>/g)].map(([, a, words]) => {
      const text = [...words!.matchAll(/<word [^>]*>([^<]*)<\/word>/g)].map((w) => w[1]).join(' ');
      return { text: text.replace(/&amp;/g, '&'), x0: num(a!, 'xMin'), x1: num(a!, 'xMax'), yMin: num(a!, 'yMin'), yMax: num(a!, 'yMax'), height: num(a!, 'yMax') - num(a!, 'yMin') };
    }).sort((p, q) => p.yMin - q.yMin || p.x0 - q.x0),
  }));
}

let fonts: FontSet;
let file: string;
let pages: BoxPage[];
/** Vertical metrics (em) of each font in the set, as pdfkit declares them to readers. */
let metrics: { ascent: number; descent: number }[];
/** The top of the dash (U+2014) in the page-number font, in em. */
let dashTop: number;

const isPageNumber = (l: BoxLine) => /^— \d+ —$/.test(l.text);
/**
 * A box's type size and font metrics: poppler's box is (ascent − descent) × size high, so the
 * (font, size) pair that explains the height is the line's.
 */
function typeOf(l: BoxLine): { size: number; descent: number } {
  let best = { size: 0, descent: 0, error: Infinity };
  for (const m of metrics) {
    for (const size of [14, 16, 22]) {
      const error = Math.abs(l.height - (m.ascent - m.descent) * size);
      if (error < best.error) best = { size, descent: m.descent, error };
    }
  }
  return best;
}
const sizeOf = (l: BoxLine) => typeOf(l).size;
const baselineOf = (l: BoxLine) => l.yMax + typeOf(l).descent * typeOf(l).size;
const bodyLines = (p: BoxPage) => p.lines.filter((l) => !isPageNumber(l));

describe.skipIf(!POPPLER)('the sample measured by poppler', () => {
  beforeAll(async () => {
    const doc = JSON.parse(readFileSync(new URL('../fixtures/sample-doc.json', import.meta.url), 'utf8')) as Doc;
    const r = await resolveFonts({}, REPO, {});
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    fonts = r.value;
    const open = (role: keyof FontSet) => fontkit.create(Buffer.from(fonts[role].primary.bytes)) as fontkit.Font;
    metrics = (['title', 'body', 'heading1', 'heading2', 'pageNumber'] as const).map((role) => {
      const f = open(role);
      return { ascent: f.ascent / f.unitsPerEm, descent: f.descent / f.unitsPerEm };
    });
    const pn = open('pageNumber');
    dashTop = pn.glyphForCodePoint(0x2014).bbox.maxY / pn.unitsPerEm;
    const out = await toPdf(doc, fonts, { creationDate: DATE });
    expect(out.warnings).toEqual([]);
    file = tempFile(out.bytes, 'sample.pdf');
    pages = bboxLayout(file);
  }, 60_000);

  it('P1: A4 pages, and the reference text back in order from pdftotext', () => {
    expect(pages.length).toBeGreaterThanOrEqual(4);
    for (const p of pages) {
      expect(p.width).toBeCloseTo(PAGE_PT.width, 1);
      expect(p.height).toBeCloseTo(PAGE_PT.height, 1);
    }
    expect(missingSentences(pdftotext(file))).toEqual([]);
  });

  it('P2: every font embedded as a subset with a Unicode map, and they are the resolved fonts', () => {
    const rows = pdffonts(file);
    expect(rows.map((r) => r.name.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual(['LXGWWenKai-Regular', 'NotoSansSC-Medium', 'NotoSerifSC-Black', 'NotoSerifSC-Regular']);
    for (const r of rows) expect([r.emb, r.sub, r.uni]).toEqual([true, true, true]);
  });

  it('P7: 22 lines on every full page, baselines 28.95 pt apart', () => {
    for (const p of pages.slice(1, -1)) {
      const lines = bodyLines(p);
      expect(lines).toHaveLength(22);
      lines.slice(1).forEach((l, i) => expect(baselineOf(l) - baselineOf(lines[i]!)).toBeCloseTo(LINE_PITCH_PT, 2));
    }
  });

  it('P8/P3/P4: full lines hold 28 characters and touch both edges of the 版心 (±1 mm)', () => {
    const all = pages.flatMap(bodyLines).filter((l) => sizeOf(l) === 16);
    expect(Math.abs(Math.min(...all.map((l) => l.x0)) - LEFT)).toBeLessThan(MM);
    const full = all.filter((l) => Math.abs(l.x0 - LEFT) < MM && Math.abs(l.x1 - RIGHT) < MM);
    expect(full.length).toBeGreaterThan(40);
    const counts = full.filter((l) => !/[\x21-\x7e]/.test(l.text)).map((l) => [...l.text].length);
    for (const n of counts) expect([27, 28]).toContain(n); // 27 where a character moved down for 禁则
    expect(counts.filter((n) => n === 28).length / counts.length).toBeGreaterThan(0.85);
    // No line pokes out of the 版心.
    for (const l of all) expect(l.x1).toBeLessThan(RIGHT + MM);
  });

  it('P10: paragraph first lines start two 字 in', () => {
    const first = bodyLines(pages[0]!).find((l) => l.text.startsWith('在市委'))!;
    expect(first.x0 - LEFT).toBeCloseTo(2 * CELL, 1);
  });

  it('P5: the first line starts at the top of the 版心 (±1 mm) and the last ends above its bottom', () => {
    for (const p of pages) {
      const lines = bodyLines(p);
      const first = lines[0]!;
      expect(Math.abs(baselineOf(first) - 0.88 * sizeOf(first) - TOP)).toBeLessThan(MM);
      const last = lines.at(-1)!;
      expect(baselineOf(last) + 0.12 * sizeOf(last)).toBeLessThanOrEqual(BOTTOM + 0.01);
    }
  });

  it('P6: every page numbered "— n —" in 四号, dash 7 mm below the 版心, odd right and even left one 字 in', () => {
    pages.forEach((p, i) => {
      const numbers = p.lines.filter(isPageNumber);
      expect(numbers.map((l) => l.text)).toEqual([`— ${i + 1} —`]);
      const n = numbers[0]!;
      expect(sizeOf(n)).toBe(14);
      expect(Math.abs(baselineOf(n) - dashTop * 14 - (BOTTOM + 7 * MM))).toBeLessThan(0.5 * MM);
      if ((i + 1) % 2 === 1) expect(Math.abs(n.x1 - (RIGHT - 14))).toBeLessThan(MM);
      else expect(Math.abs(n.x0 - (LEFT + 14))).toBeLessThan(MM);
    });
  });

  it('禁则 on every line; no heading ends a page', () => {
    expect(kinsokuProblems(pages.map(bodyLines))).toEqual([]);
  });

  it('P11: the title in 二号, two centred lines of at most 20 字, the upper shorter', () => {
    const title = bodyLines(pages[0]!).filter((l) => sizeOf(l) === 22);
    expect(title.map((l) => l.text)).toEqual(['瓦房镇人民政府', '2024年法治政府建设年度报告']);
    for (const l of title) {
      expect(Math.abs((l.x0 + l.x1) / 2 - (LEFT + RIGHT) / 2)).toBeLessThan(0.5);
      expect(l.x1 - l.x0).toBeLessThanOrEqual(20 * 22);
      expect([...l.text].length).toBeLessThanOrEqual(20);
    }
    expect(title[0]!.x1 - title[0]!.x0).toBeLessThan(title[1]!.x1 - title[1]!.x0);
    // On the grid, with one blank grid line before the body.
    const firstBody = bodyLines(pages[0]!)[2]!;
    expect(baselineOf(title[1]!) - baselineOf(title[0]!)).toBeCloseTo(LINE_PITCH_PT, 2);
    expect(baselineOf(firstBody) - 0.88 * 16 - (baselineOf(title[1]!) - 0.88 * 22)).toBeCloseTo(2 * LINE_PITCH_PT, 2);
  });

  it('P12/P13: the unsealed 署名 右空二字 with the date two 字 further right, on a page with body text', () => {
    const lines = bodyLines(pages.at(-1)!);
    const [issuer, date] = lines.slice(-2);
    expect([issuer!.text, date!.text]).toEqual(['瓦房镇人民政府', '2025年1月20日']);
    expect(Math.abs(issuer!.x1 - (RIGHT - 2 * CELL))).toBeLessThan(MM);
    expect(date!.x0 - issuer!.x0).toBeCloseTo(2 * CELL, 0);
    expect(baselineOf(issuer!) - baselineOf(lines.at(-3)!)).toBeCloseTo(2 * LINE_PITCH_PT, 2);
  });
});

describe.skipIf(!POPPLER)('a character the body font lacks', () => {
  it('is drawn with the fallback font, extracted exactly, and warned about', async () => {
    const r = await resolveFonts({}, REPO, {});
    if (!r.ok) throw new Error('fonts');
    const body = fontkit.create(Buffer.from(r.value.body.primary.bytes)) as fontkit.Font;
    expect(body.hasGlyphForCodePoint('𠮷'.codePointAt(0)!)).toBe(false); // Noto Serif SC lacks it
    const doc: Doc = {
      meta: { title: '测试', issuer: '某某镇人民政府', year: 2024, date: '2025-01-20' },
      blocks: [{ type: 'title', text: '测试' }, { type: 'paragraph', text: '领导小组组长由王𠮷春同志担任。' }],
    };
    const out = await toPdf(doc, r.value, { creationDate: DATE });
    expect(out.warnings.map((w) => [w.severity, w.code, w.message])).toEqual([
      ['warning', 'fonts.fallback', '字符“𠮷”不在正文字体 Noto Serif SC 中，PDF 里改用 LXGW WenKai 显示'],
    ]);
    const pdf = tempFile(out.bytes, 'fallback.pdf');
    expect(pdftotext(pdf)).toContain('领导小组组长由王𠮷春同志担任。');
    expect(pdffonts(pdf).map((f) => f.name.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual(['LXGWWenKai-Regular', 'NotoSerifSC-Black', 'NotoSerifSC-Regular']);
    // The line is one line in two fonts, its characters still on the grid.
    const [page] = await readPdf(out.bytes);
    const line = page!.lines.find((l) => l.text.includes('𠮷'))!;
    expect(line.fonts).toHaveLength(2);
    expect(line.x0).toBeCloseTo(LEFT + 2 * CELL, 1);
  });
});
