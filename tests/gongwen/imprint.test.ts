/**
 * Where the 版记 goes (GB/T 9704-2012 §7.4, §6, §7.5), measured in the PDF with pdfjs and poppler:
 * at the foot of the last page of text when it fits below the last line with an empty line between,
 * otherwise on a page of its own; printed on both sides always on an even page, with a blank page
 * before it when needed; the blank page and the 版记 page unnumbered only when a blank page precedes
 * it. The example's text is lengthened line by line (tests/helpers/gongwen.ts gongwenVariant) so
 * that every case occurs; what each variant must give is worked out from the measured pages, never
 * read from the layout.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveFonts } from '../../src/cli/fonts.js';
import { EM_BOX_ASCENT, LINE_PITCH_PT, LINES_PER_PAGE, TEXT_BLOCK_PT } from '../../src/layout/gbt9704.js';
import { toPdf } from '../../src/render/pdf/index.js';
import { toText } from '../../src/render/text.js';
import { REPO } from '../helpers/cli.js';
import { bands, gongwenVariant, pixelRows, type Band } from '../helpers/gongwen.js';
import { has, readPdf, tempFile, type PdfLine, type PdfPage } from '../helpers/pdf.js';

const POPPLER = has('pdftoppm');
if (!POPPLER) console.warn('tests/gongwen/imprint.test.ts: poppler-utils not installed; the 版记 placement measurements are skipped');

const TOP = TEXT_BLOCK_PT.top;
const BOTTOM = TEXT_BLOCK_PT.top + TEXT_BLOCK_PT.height;
const WIDTH = TEXT_BLOCK_PT.width;
const P = LINE_PITCH_PT;
const isPageNumber = (t: string) => /^—\s*\d+\s*—$/.test(t.trim());
const isImprint = (l: PdfLine) => l.size === 14 && !isPageNumber(l.text);
const emTop = (l: PdfLine) => l.baseline - EM_BOX_ASCENT * l.size;

interface Measured {
  readonly name: string;
  readonly duplex: boolean;
  readonly pages: PdfPage[];
  /** 1-based page holding the 版记's lines. */
  readonly imprintPage: number;
  /** 1-based last page holding text other than the 版记 and page numbers. */
  readonly lastTextPage: number;
  /** Grid lines the text takes on that page (index of its last line + 1). */
  readonly used: number;
  readonly imprintLines: number;
  /** The 版记's full-width rules on its page, top to bottom. */
  readonly rules: Band[];
  readonly numbered: (page: number) => boolean;
}

/** The variants: lines added, printed on both sides. */
const VARIANTS: readonly [number, boolean][] = [
  [0, true],
  [0, false],
  [1, true],
  [1, false],
  [21, true],
  [23, true],
];

describe.skipIf(!POPPLER)('where the 版记 goes (§7.4, §7.5)', () => {
  const measured: Measured[] = [];

  beforeAll(async () => {
    const fonts = await resolveFonts({}, REPO);
    if (!fonts.ok) throw new Error('fonts');
    for (const [extra, duplex] of VARIANTS) {
      const doc = gongwenVariant(extra, duplex);
      const { bytes } = await toPdf(doc, fonts.value, { creationDate: new Date('2025-01-20T00:00:00Z') });
      const file = tempFile(bytes, `imprint-${extra}-${duplex}.pdf`);
      const pages = await readPdf(bytes);
      const imprintPage = pages.findIndex((p) => p.lines.some((l) => l.text.startsWith('抄送：'))) + 1;
      const text = (p: PdfPage) => p.lines.filter((l) => !isPageNumber(l.text) && !isImprint(l));
      const lastTextPage = pages.findLastIndex((p) => text(p).length > 0) + 1;
      const last = text(pages[lastTextPage - 1]!).reduce((a, b) => (b.baseline > a.baseline ? b : a));
      const used = Math.round((emTop(last) - TOP) / P) + 1;
      const rules = bands(pixelRows(file, imprintPage), (r) => r.dark > WIDTH * 4 * 0.9);
      measured.push({
        name: `${extra} 行、${duplex ? '双面' : '单面'}`,
        duplex,
        pages,
        imprintPage,
        lastTextPage,
        used,
        imprintLines: pages[imprintPage - 1]!.lines.filter(isImprint).length,
        rules,
        numbered: (n) => pages[n - 1]!.lines.some((l) => isPageNumber(l.text) && l.text.replace(/\s/g, '') === `—${n}—`),
      });
    }
  }, 180_000);

  it('covers every case: sharing an odd and an even page, a page of its own numbered, and after a blank page', () => {
    const kinds = measured.map((m) =>
      m.imprintPage === m.lastTextPage ? `shared-${m.imprintPage % 2 ? 'odd' : 'even'}` : m.imprintPage === m.lastTextPage + 1 ? 'newPage' : 'afterBlank',
    );
    expect(new Set(kinds)).toEqual(new Set(['shared-odd', 'shared-even', 'newPage', 'afterBlank']));
    // A 版记 that fits but would be on an odd page when printed on both sides, and one that does not fit.
    expect(measured.some((m) => m.duplex && m.imprintPage === m.lastTextPage + 1 && m.lastTextPage % 2 === 1 && m.used + 1 + m.imprintLines <= LINES_PER_PAGE)).toBe(true);
    expect(measured.some((m) => m.used + 1 + m.imprintLines > LINES_PER_PAGE && m.imprintPage > m.lastTextPage)).toBe(true);
  });

  it('shares the last page of text when the 版记 fits below it with an empty line between (on an even page when printed on both sides), otherwise takes the next page', () => {
    for (const m of measured) {
      const fits = m.used + 1 + m.imprintLines <= LINES_PER_PAGE;
      const expected = fits && (!m.duplex || m.lastTextPage % 2 === 0) ? m.lastTextPage : m.duplex && (m.lastTextPage + 1) % 2 === 1 ? m.lastTextPage + 2 : m.lastTextPage + 1;
      expect(m.imprintPage, m.name).toBe(expected);
      expect(m.pages.length, m.name).toBe(m.imprintPage);
      if (m.duplex) expect(m.imprintPage % 2, m.name).toBe(0);
    }
  });

  it('keeps at least one empty line between the last line of text and the first rule, and the last rule on the 版心 bottom edge', () => {
    for (const m of measured) {
      expect(m.rules, m.name).toHaveLength(3);
      expect(m.rules[2]!.bottom, m.name).toBeCloseTo(BOTTOM, 0);
      if (m.imprintPage !== m.lastTextPage) continue;
      // The text's last grid line ends at TOP + used·P; a whole empty grid line lies below it.
      expect(m.rules[0]!.top - (TOP + m.used * P), m.name).toBeGreaterThanOrEqual(P - 0.5);
    }
  });

  it('numbers the 版记 page like any other unless a blank page precedes it; then neither is numbered (§7.5)', () => {
    for (const m of measured) {
      const blank = m.imprintPage === m.lastTextPage + 2;
      for (let n = 1; n <= m.pages.length; n++) {
        const unnumbered = blank && n >= m.lastTextPage + 1;
        expect(m.numbered(n), `${m.name}，第 ${n} 页`).toBe(!unnumbered);
      }
      if (blank) expect(m.pages[m.lastTextPage]!.lines, m.name).toEqual([]);
    }
  });

  it('writes the 版记 after the text in the TXT, between its rules, with no page of its own', () => {
    const lines = toText(gongwenVariant(1, false)).trimEnd().split('\n');
    const rule = '─'.repeat(28);
    expect(lines.slice(-5)).toEqual([rule, '抄送：市司法局，县委依法治县办。', rule, expect.stringMatching(/^瓦房镇党政办公室 +2025年1月20日印发$/), rule]);
    expect(lines.at(-6)).toBe('');
    expect(lines.at(-7)).toBe('\u3000\u3000补充说明第1条。');
  });
});
