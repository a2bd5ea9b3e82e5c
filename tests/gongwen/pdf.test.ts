/**
 * The 公文 example (examples/gongwen-upward) typeset as PDF and measured against GB/T 9704-2012 §7:
 * baselines, sizes and fonts from pdfjs, word boxes from poppler (`pdftotext -bbox`), rules and the
 * red colour from poppler's rendering (`pdftoppm`). Every expected number is the standard's (or
 * derived from it in src/layout/gbt9704.ts), never read back from the output.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveFonts } from '../../src/cli/fonts.js';
import type { Doc } from '../../src/document/types.js';
import { EM_BOX_ASCENT, LINE_PITCH_PT, TEXT_BLOCK_PT } from '../../src/layout/gbt9704.js';
import { toPdf } from '../../src/render/pdf/index.js';
import { REPO } from '../helpers/cli.js';
import { bands, gongwenDoc, pixelRows, popplerWords, type PixelRow, type WordBox } from '../helpers/gongwen.js';
import { has, readPdf, tempFile, type PdfLine, type PdfPage } from '../helpers/pdf.js';
import { BOTTOM, CELL, LEFT, MM, RIGHT, TOP } from '../helpers/text-block.js';

const POPPLER = has('pdftotext') && has('pdftoppm');
if (!POPPLER) console.warn('tests/gongwen/pdf.test.ts: poppler-utils not installed; the 公文 PDF measurements are skipped');

const P = LINE_PITCH_PT;
const emTop = (l: PdfLine) => l.baseline - EM_BOX_ASCENT * l.size;
const emBottom = (l: PdfLine) => emTop(l) + l.size;
/** The grid line (0-based) an em box's top is on, or NaN when it is off the grid. */
const gridLine = (l: PdfLine) => {
  const k = (emTop(l) - TOP) / P;
  return Math.abs(k - Math.round(k)) < 0.01 ? Math.round(k) + 0 : Number.NaN;
};
/** A pixel row that is red across (nearly) the whole 版心 width: a rule, not letters. */
const fullRed = (r: PixelRow) => r.red > (RIGHT - LEFT) * 4 * 0.95;
const isPageNumber = (t: string) => /^—\s*\d+\s*—$/.test(t.trim());

describe.skipIf(!POPPLER)('the 公文 PDF', () => {
  let doc: Doc;
  let file: string;
  let pages: PdfPage[];
  let words: WordBox[][];
  let page1: PixelRow[];
  let last: PixelRow[];
  const line = (p: number, re: RegExp) => {
    const l = pages[p - 1]!.lines.find((x) => re.test(x.text));
    if (!l) throw new Error(`page ${p}: no line matching ${re}: ${pages[p - 1]!.lines.map((x) => x.text).join(' | ')}`);
    return l;
  };
  const box = (p: number, text: string) => {
    const w = words[p - 1]!.filter((x) => x.text.includes(text));
    if (w.length === 0) throw new Error(`page ${p}: no word ${text}`);
    return w[0]!;
  };

  beforeAll(async () => {
    doc = gongwenDoc();
    const fonts = await resolveFonts({}, REPO);
    if (!fonts.ok) throw new Error('fonts');
    const pdf = await toPdf(doc, fonts.value, { creationDate: new Date('2025-01-20T00:00:00Z') });
    file = tempFile(pdf.bytes, 'gongwen.pdf');
    pages = await readPdf(pdf.bytes);
    words = popplerWords(file);
    page1 = pixelRows(file, 1);
    last = pixelRows(file, pages.length);
  }, 60_000);

  it('puts 份号 and 紧急程度 顶格 on the first lines of the 版心 (§7.2.1, §7.2.3)', () => {
    const copy = line(1, /^000012$/);
    const urgency = line(1, /^加急$/);
    expect(gridLine(copy)).toBe(0);
    expect(gridLine(urgency)).toBe(1);
    expect(copy.x0).toBeCloseTo(LEFT, 1);
    expect(urgency.x0).toBeCloseTo(LEFT, 1);
    expect(urgency.size).toBe(16);
    // 紧急程度 in 黑体 (the heading-1 font), 份号 in the body font.
    expect(urgency.fonts).not.toEqual(copy.fonts);
  });

  it('sets the 发文机关标志 centred, its top 35 mm below the 版心, in red (§7.2.4)', () => {
    const mark = line(1, /瓦房镇人民政府文件/);
    expect(emTop(mark) - TOP).toBeCloseTo(35 * MM, 1);
    const b = box(1, '瓦房镇人民政府文件');
    expect((b.x0 + b.x1) / 2).toBeCloseTo((LEFT + RIGHT) / 2, 0);
    expect(b.x1 - b.x0).toBeLessThanOrEqual(RIGHT - LEFT);
    // Its ink is red and nothing else is drawn there.
    const ink = bands(page1, (r) => r.red > 20 && r.y > TOP + 30 * MM && r.y < TOP + 35 * MM + mark.size);
    expect(ink).toHaveLength(1);
    expect(ink[0]!.top).toBeGreaterThanOrEqual(emTop(mark) - 0.5);
    expect(ink[0]!.bottom).toBeLessThanOrEqual(emBottom(mark) + 0.5);
    expect(page1.filter((r) => r.y >= ink[0]!.top && r.y < ink[0]!.bottom).every((r) => r.dark === 0)).toBe(true);
  });

  it('puts the 发文字号 two empty lines under the mark, 居左空一字, with 签发人 居右空一字 (§7.2.5, §7.2.6)', () => {
    const mark = line(1, /瓦房镇人民政府文件/);
    const number = line(1, /瓦政发〔2025〕3号/);
    const gap = emTop(number) - emBottom(mark);
    expect(gap).toBeGreaterThanOrEqual(2 * P);
    expect(gap).toBeLessThan(3 * P);
    expect(Number.isNaN(gridLine(number))).toBe(false);
    expect(box(1, '瓦政发').x0).toBeCloseTo(LEFT + CELL, 0);
    expect(number.text).toMatch(/签发人：张建国$/);
    expect(number.x1).toBeCloseTo(RIGHT - CELL, 0);
    // The name in 楷体: the line uses one more font than the 发文字号 alone.
    expect(number.fonts.length).toBeGreaterThanOrEqual(2);
  });

  it('draws the red separator line 4 mm under the 发文字号, as wide as the 版心 (§7.2.7)', () => {
    const number = line(1, /瓦政发〔2025〕3号/);
    const rules = bands(page1, fullRed);
    expect(rules).toHaveLength(1);
    const rule = rules[0]!;
    expect((rule.top + rule.bottom) / 2).toBeCloseTo(emBottom(number) + 4 * MM, 0);
    expect(rule.bottom - rule.top).toBeLessThan(2);
    const row = page1.find((r) => r.y >= rule.top && fullRed(r))!;
    expect(row.redX0).toBeCloseTo(LEFT, 0);
    expect(row.redX1).toBeCloseTo(RIGHT, 0);
  });

  it('puts the title two empty lines under the red line and the 主送机关 one line under the title (§7.3.1, §7.3.2)', () => {
    const rule = bands(page1, fullRed)[0]!;
    const title = pages[0]!.lines.filter((l) => l.size === 22);
    expect(title.map((l) => l.text).join('')).toBe('瓦房镇人民政府关于2024年度法治政府建设情况的报告');
    expect(emTop(title[0]!) - rule.bottom).toBeGreaterThanOrEqual(2 * P);
    expect(emTop(title[0]!) - rule.bottom).toBeLessThan(3 * P);
    const to = line(1, /^市人民政府：$/);
    expect(to.x0).toBeCloseTo(LEFT, 1);
    expect(gridLine(to)).toBe(gridLine(title.at(-1)!) + 2);
    // The body follows on the next line, indented two 字.
    const body = pages[0]!.lines[pages[0]!.lines.indexOf(to) + 1]!;
    expect(gridLine(body)).toBe(gridLine(to) + 1);
    expect(body.x0).toBeCloseTo(LEFT + 2 * CELL, 0);
  });

  it('lists the 附件 one line under the body, 左空二字, numbers aligned, before the 署名 (§7.3.4)', () => {
    const p = pages.findIndex((pg) => pg.lines.some((l) => l.text.startsWith('附件：1.'))) + 1;
    const first = line(p, /^附件：1\./);
    const second = line(p, /^2\./);
    expect(first.x0).toBeCloseTo(LEFT + 2 * CELL, 0);
    expect(second.x0).toBeCloseTo(LEFT + 5 * CELL, 0);
    expect(gridLine(second)).toBe(gridLine(first) + 1);
    const lines = pages[p - 1]!.lines.filter((l) => !isPageNumber(l.text));
    const before = lines[lines.indexOf(first) - 1]!;
    expect(gridLine(first)).toBe(gridLine(before) + 2);
    const issuer = line(p, /^瓦房镇人民政府$/);
    expect(gridLine(issuer)).toBe(gridLine(second) + 2);
  });

  it('starts each 附件 on a new page: 附件N in 黑体 顶格 on the first line, its title on the third, page numbers continuing (§7.3.7, §7.5)', () => {
    for (const n of [1, 2]) {
      const p = pages.findIndex((pg) => pg.lines[0]?.text === `附件${n}`) + 1;
      expect(p).toBeGreaterThan(1);
      const label = pages[p - 1]!.lines[0]!;
      expect(gridLine(label)).toBe(0);
      expect(label.x0).toBeCloseTo(LEFT, 1);
      expect(label.fonts).toEqual(line(1, /^加急$/).fonts);
      const title = pages[p - 1]!.lines[1]!;
      expect(title.size).toBe(22);
      expect(gridLine(title)).toBe(2);
      expect((title.x0 + title.x1) / 2).toBeCloseTo((LEFT + RIGHT) / 2, 0);
      expect(pages[p - 1]!.lines.some((l) => l.text.replace(/\s/g, '') === `—${p}—`)).toBe(true);
    }
  });

  it('puts the 版记 on an even last page, with a blank page before it when needed, neither numbered (§7.4, §7.5)', () => {
    const n = pages.length;
    expect(n % 2).toBe(0);
    expect(pages[n - 1]!.lines.some((l) => isPageNumber(l.text))).toBe(false);
    // The text ends on an even page here, so page n − 1 is blank and unnumbered.
    expect(pages[n - 2]!.lines).toEqual([]);
    expect(pages[n - 3]!.lines.some((l) => l.text.replace(/\s/g, '') === `—${n - 2}—`)).toBe(true);
  });

  it('sets the 版记 between its rules at the foot of the 版心 (§7.4.1–§7.4.3)', () => {
    const n = pages.length;
    const rules = bands(last, (r) => r.dark > (RIGHT - LEFT) * 4 * 0.9);
    expect(rules).toHaveLength(3);
    const [top, middle, bottom] = rules as [typeof rules[0], typeof rules[0], typeof rules[0]];
    // The last rule on the 版心's bottom edge; thick outer rules (0.35 mm), a thin middle one (0.25 mm).
    expect(bottom.bottom).toBeCloseTo(BOTTOM, 0);
    expect(top.bottom - top.top).toBeCloseTo(0.35 * MM, 0);
    expect(bottom.bottom - bottom.top).toBeCloseTo(0.35 * MM, 0);
    expect(middle.bottom - middle.top).toBeCloseTo(0.25 * MM, 0);
    expect(middle.bottom - middle.top).toBeLessThan(top.bottom - top.top);
    const copy = line(n, /^抄送：/);
    expect(copy.text).toBe('抄送：市司法局，县委依法治县办。');
    expect(copy.size).toBe(14);
    expect(copy.x0).toBeCloseTo(LEFT + 14, 0);
    expect(emTop(copy)).toBeGreaterThan(top.bottom);
    expect(emBottom(copy)).toBeLessThan(middle.top);
    const printed = line(n, /印发$/);
    expect(printed.text).toMatch(/^瓦房镇党政办公室\s*2025年1月20日印发$/);
    expect(printed.x0).toBeCloseTo(LEFT + 14, 0);
    expect(printed.x1).toBeCloseTo(RIGHT - 14, 0);
    expect(emTop(printed)).toBeGreaterThan(middle.bottom);
    expect(emBottom(printed)).toBeLessThan(bottom.top);
  });

  it('keeps every glyph inside the 版心 (page numbers apart)', () => {
    pages.forEach((pg) => {
      for (const l of pg.lines) {
        if (isPageNumber(l.text)) continue;
        expect(l.x0).toBeGreaterThanOrEqual(LEFT - 0.5);
        expect(l.x1).toBeLessThanOrEqual(RIGHT + 0.5);
        expect(emTop(l)).toBeGreaterThanOrEqual(TOP - 0.5);
        expect(emBottom(l)).toBeLessThanOrEqual(BOTTOM + 0.5);
      }
    });
  });
});
