/**
 * The sample's PDF measured from its text layer (format notes §4.2, P1–P13), with the fonts this
 * machine resolves (the npm stand-ins unless official fonts are installed).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveFonts } from '../../src/cli/fonts.js';
import type { FontSet } from '../../src/fonts/types.js';
import { toPdf } from '../../src/render/pdf/index.js';
import { PAGE_PT, TEXT_BLOCK_PT } from '../../src/layout/gbt9704.js';
import { has, kinsokuProblems, pdffonts, pdftotext, readPdf, tempFile, type PdfLine, type PdfPage } from '../helpers/pdf.js';
import { missingSentences } from '../helpers/reference.js';
import { REPO } from '../helpers/cli.js';
import { sampleData, sampleDoc } from '../helpers/sample.js';
import { BOTTOM, LEFT, MM, RIGHT, TOP } from '../helpers/text-block.js';

const DATE = new Date('2025-01-20T00:00:00Z');

let fonts: FontSet;
let bytes: Uint8Array;
let pages: PdfPage[];

const isPageNumber = (l: PdfLine) => /^— \d+ —$/.test(l.text);
const bodyLines = (p: PdfPage) => p.lines.filter((l) => !isPageNumber(l));

beforeAll(async () => {
  const r = await resolveFonts({}, REPO);
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  fonts = r.value;
  bytes = (await toPdf(sampleDoc(), fonts, { creationDate: DATE })).bytes;
  pages = await readPdf(bytes);
}, 60_000);

describe('PDF of the sample', () => {
  it('P1: every page is A4', () => {
    expect(pages.length).toBeGreaterThanOrEqual(4);
    for (const p of pages) {
      expect(p.width).toBeCloseTo(PAGE_PT.width, 1);
      expect(p.height).toBeCloseTo(PAGE_PT.height, 1);
    }
  });

  it('contains every sentence of the reference, in order', () => {
    const text = pages.map((p) => bodyLines(p).map((l) => l.text).join('\n')).join('\n');
    expect(missingSentences(text)).toEqual([]);
  });

  it('P7: 22 lines on every full page, 28.95 pt apart', () => {
    for (const p of pages.slice(1, -1)) {
      const lines = bodyLines(p);
      expect(lines).toHaveLength(22);
      lines.slice(1).forEach((l, i) => expect(l.baseline - lines[i]!.baseline).toBeCloseTo(28.95, 1));
    }
  });

  it('P8/P3/P4: full lines hold 28 characters and run from the left to the right edge of the 版心', () => {
    const full = pages.flatMap(bodyLines).filter((l) => l.size === 16 && Math.abs(l.x0 - LEFT) < 1 && l.x1 > RIGHT - 2);
    expect(full.length).toBeGreaterThan(40);
    // 28 on a full line; 27 where a character moved down so that the next line does not start with punctuation.
    const counts = full.filter((x) => !/[\x20-\x7e]/.test(x.text)).map((l) => [...l.text].length);
    for (const n of counts) expect([27, 28]).toContain(n);
    expect(counts.filter((n) => n === 28).length / counts.length).toBeGreaterThan(0.85);
    const x0 = Math.min(...pages.flatMap(bodyLines).map((l) => l.x0));
    expect(Math.abs(x0 - LEFT)).toBeLessThan(MM);
    for (const l of full) expect(Math.abs(l.x1 - RIGHT)).toBeLessThan(MM);
  });

  it('P10: paragraphs start two 字 in', () => {
    const first = bodyLines(pages[0]!).find((l) => l.text.startsWith('在市委'))!;
    expect(first.x0 - LEFT).toBeCloseTo((2 * TEXT_BLOCK_PT.width) / 28, 1);
  });

  it('P5: the first line starts at the top of the 版心 and the last ends above its bottom', () => {
    for (const p of pages) {
      const lines = bodyLines(p);
      const top = lines[0]!.baseline - 0.88 * lines[0]!.size;
      expect(Math.abs(top - TOP)).toBeLessThan(MM);
      expect(lines.at(-1)!.baseline + 0.12 * 16).toBeLessThanOrEqual(BOTTOM);
    }
  });

  it('P6: page numbers "— n —" 14 pt, 7 mm below the 版心, odd right and even left one 字 in', () => {
    pages.forEach((p, i) => {
      const n = p.lines.find(isPageNumber)!;
      expect(n.text).toBe(`— ${i + 1} —`);
      expect(n.size).toBe(14);
      const dash = n.baseline - 0.3 * 14;
      expect(Math.abs(dash - (BOTTOM + 7 * MM))).toBeLessThan(2 * MM);
      if ((i + 1) % 2 === 1) expect(Math.abs(n.x1 - (RIGHT - 14))).toBeLessThan(3);
      else expect(Math.abs(n.x0 - (LEFT + 14))).toBeLessThan(3);
    });
  });

  it('P11: the title is two centred 二号 lines, the upper shorter (梯形)', () => {
    const title = pages[0]!.lines.filter((l) => l.size === 22);
    expect(title.map((l) => l.text)).toEqual(['瓦房镇人民政府', '2024年法治政府建设年度报告']);
    for (const l of title) {
      expect(Math.abs((l.x0 + l.x1) / 2 - (LEFT + RIGHT) / 2)).toBeLessThan(2);
      expect(l.x1 - l.x0).toBeLessThanOrEqual(20 * 22);
    }
    expect(title[0]!.x1 - title[0]!.x0).toBeLessThan(title[1]!.x1 - title[1]!.x0);
  });

  it('P12/P13: the signature, unsealed, 右空二字, on a page with body text', () => {
    const last = bodyLines(pages.at(-1)!);
    const [issuer, date] = last.slice(-2);
    expect([issuer!.text, date!.text]).toEqual(['瓦房镇人民政府', '2025年1月20日']);
    expect(Math.abs(issuer!.x1 - (RIGHT - (2 * TEXT_BLOCK_PT.width) / 28))).toBeLessThan(1);
    expect(last.length).toBeGreaterThan(2);
  });

  it('禁则 holds on every line, and no heading ends a page', () => {
    expect(kinsokuProblems(pages.map(bodyLines))).toEqual([]);
  });

  it('embeds its fonts as subsets and gives the same bytes every time', async () => {
    const latin1 = Buffer.from(bytes).toString('latin1');
    const names = [...new Set([...latin1.matchAll(/\/BaseFont \/([A-Z]{6}\+[^\s/]+)/g)].map((m) => m[1]))];
    expect(names.length).toBeGreaterThanOrEqual(4);
    expect((latin1.match(/\/FontFile[23]? \d+ 0 R/g) ?? []).length).toBeGreaterThanOrEqual(names.length);
    const again = await toPdf(sampleDoc(), fonts, { creationDate: DATE });
    expect(Buffer.compare(Buffer.from(again.bytes), Buffer.from(bytes))).toBe(0);
    // The date is the only thing that varies, and only when the caller changes it.
    const later = await toPdf(sampleDoc(), fonts, { creationDate: new Date('2025-02-01T00:00:00Z') });
    expect(Buffer.compare(Buffer.from(later.bytes), Buffer.from(bytes))).not.toBe(0);
  });

  it('sealed: the date 右空四字', async () => {
    const sealed = await readPdf((await toPdf(sampleDoc({ ...sampleData(), 盖章: true }), fonts, { creationDate: DATE })).bytes);
    const date = bodyLines(sealed.at(-1)!).at(-1)!;
    expect(Math.abs(date.x1 - (RIGHT - (4 * TEXT_BLOCK_PT.width) / 28))).toBeLessThan(1);
  });
});

describe.skipIf(!has('pdftotext'))('PDF through poppler (pdftotext, pdffonts)', () => {
  it('gives back exactly the characters written, with every font embedded', () => {
    const file = tempFile(bytes, 'sample.pdf');
    expect(missingSentences(pdftotext(file))).toEqual([]);
    const rows = pdffonts(file);
    expect(rows.length).toBeGreaterThanOrEqual(4);
    for (const r of rows) expect([r.name, r.emb, r.sub, r.uni]).toEqual([r.name, true, true, true]);
  });
});
