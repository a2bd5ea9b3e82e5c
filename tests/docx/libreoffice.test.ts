/**
 * The DOCX seen through a real office suite: LibreOffice lays it out (tests/docx/lo-measure.ts) and
 * the result must be a GB/T 9704 page — 22 lines a full page, 28 characters a full body line,
 * nothing past the right edge of the 版心, no character lost — and show what our own PDF shows:
 * the same number of pages and the same paragraph at the top of each page. Runs only where
 * `soffice` and `pdftotext` are installed (`.ci/run` installs them); says so when skipped.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveFonts } from '../../src/cli/fonts.js';
import { cellText } from '../../src/document/table.js';
import type { Doc } from '../../src/document/types.js';
import { LINE_PITCH_PT, TEXT_BLOCK_PT } from '../../src/layout/gbt9704.js';
import { toDocx } from '../../src/render/docx/index.js';
import { toPdf } from '../../src/render/pdf/index.js';
import { REPO } from '../helpers/cli.js';
import { has, readPdf, type PdfPage } from '../helpers/pdf.js';
import { missingSentences } from '../helpers/reference.js';
import { sampleDoc } from '../helpers/sample.js';
import { tablesDoc } from '../helpers/tables.js';
import { measureLibreOfficePages, type LoPage } from './lo-measure.js';

const isPageNumber = (text: string) => /^—\s*\d+\s*—$/.test(text.trim());
const body = <L extends { text: string }>(p: { lines: readonly L[] }) => p.lines.filter((l) => !isPageNumber(l.text));
const squash = (s: string) => s.replace(/\s+/g, '');
const RIGHT = TEXT_BLOCK_PT.left + TEXT_BLOCK_PT.width;

/** The index of the block a line of text belongs to. */
function blockOf(doc: Doc, line: string): number {
  const text = squash(line);
  return doc.blocks.findIndex((b) => {
    const whole =
      b.type === 'heading'
        ? `${b.number}${b.text}`
        : b.type === 'paragraph' || b.type === 'title'
          ? b.text
          : b.type === 'table'
            ? [b.caption ?? '', ...[...b.head, ...b.body].flatMap((r) => r.cells.map(cellText))].join('')
            : `${b.issuer}`;
    return squash(whole).includes(text);
  });
}

const available = has('soffice') && has('pdftotext');

describe.skipIf(!available)('the DOCX in LibreOffice', () => {
  let doc: Doc;
  let office: LoPage[];
  let ours: PdfPage[];

  beforeAll(async () => {
    doc = sampleDoc();
    const date = new Date('2025-01-20T00:00:00Z');
    office = await measureLibreOfficePages(await toDocx(doc, { modified: date }));
    const fonts = await resolveFonts({}, REPO);
    if (!fonts.ok) throw new Error('fonts');
    ours = await readPdf((await toPdf(doc, fonts.value, { creationDate: date })).bytes);
    console.log(
      `LibreOffice: ${office.length} pages, body lines per page ${office.map((p) => body(p).length).join(', ')}; ` +
        `our PDF: ${ours.length} pages, ${ours.map((p) => body(p).length).join(', ')}`,
    );
  }, 60_000);

  it('shows 22 lines on every full page, 28.95 pt apart', () => {
    expect(office.length).toBeGreaterThan(2);
    for (const p of office.slice(1, -1)) {
      const lines = body(p);
      expect(lines).toHaveLength(22);
      const pitches = lines.slice(1).map((l, i) => l.baseline - lines[i]!.baseline);
      for (const d of pitches) expect(d).toBeCloseTo(LINE_PITCH_PT, 0);
    }
  });

  it('shows 28 characters on every full body line', () => {
    const full = office.flatMap(body).filter((l) => l.x0 < 82 && l.x1 > 518 && !/[\x20-\x7e]/.test(l.text));
    expect(full.length).toBeGreaterThan(40);
    const counts = full.map((l) => [...l.text.replace(/\s/g, '')].length);
    for (const n of counts) expect([27, 28]).toContain(n);
    expect(counts.filter((n) => n === 28).length / counts.length).toBeGreaterThan(0.85);
  });

  it('keeps every line inside the 版心 (no punctuation hanging into the margin) and loses no character', () => {
    for (const l of office.flatMap(body)) expect(l.x1).toBeLessThanOrEqual(RIGHT + 1);
    expect(missingSentences(office.map((p) => p.lines.map((l) => l.text).join('\n')).join('\n'))).toEqual([]);
  });

  it('has as many pages as our PDF, each starting in the same paragraph', () => {
    expect(office.length).toBe(ours.length);
    const starts = (pages: readonly { lines: readonly { text: string }[] }[]) => pages.map((p) => blockOf(doc, body(p)[0]!.text));
    expect(starts(office)).toEqual(starts(ours));
    expect(starts(ours).every((i) => i >= 0)).toBe(true);
  });
});

describe.skipIf(!available)('tables in the DOCX in LibreOffice', () => {
  let doc: Doc;
  let office: LoPage[];
  let ours: PdfPage[];

  beforeAll(async () => {
    doc = tablesDoc();
    const date = new Date('2025-01-20T00:00:00Z');
    office = await measureLibreOfficePages(await toDocx(doc, { modified: date }));
    const fonts = await resolveFonts({}, REPO);
    if (!fonts.ok) throw new Error('fonts');
    ours = await readPdf((await toPdf(doc, fonts.value, { creationDate: date })).bytes);
  }, 60_000);

  /**
   * Every table cell that can be told apart by its first three characters (what the first line of
   * the narrowest cell holds), with the page it is on.
   */
  const cellPages = (pages: readonly { lines: readonly { text: string }[] }[]) => {
    const labels = doc.blocks.flatMap((b) => (b.type === 'table' ? b.body.flatMap((r) => r.cells.map(cellText)) : []));
    const keys = labels.map((l) => [...squash(l)].slice(0, 3).join('')).filter((k) => [...k].length === 3);
    const unique = keys.filter((k) => keys.indexOf(k) === keys.lastIndexOf(k));
    const texts = pages.map((p) => squash(p.lines.map((l) => l.text).join('')));
    return unique.map((k) => `${k}@${texts.findIndex((t) => t.includes(k)) + 1}`);
  };

  it('puts every table row on the same page as our PDF, with as many pages', () => {
    expect(office.length).toBe(ours.length);
    const placed = cellPages(ours);
    expect(placed.length).toBeGreaterThan(30);
    expect(placed.filter((p) => p.endsWith('@0'))).toEqual([]);
    expect(cellPages(office)).toEqual(placed);
  });

  it('starts every page in the same block as our PDF and repeats 表三’s header on the page it runs onto', () => {
    const starts = (pages: readonly { lines: readonly { text: string }[] }[]) => pages.map((p) => blockOf(doc, body(p)[0]!.text));
    expect(starts(office)).toEqual(starts(ours));
    const withHeader = (pages: readonly { lines: readonly { text: string }[] }[]) =>
      pages.flatMap((p, i) => (squash(p.lines.map((l) => l.text).join('')).includes('申请人情况') ? [i + 1] : []));
    expect(withHeader(office)).toEqual(withHeader(ours));
    expect(withHeader(ours).length).toBeGreaterThanOrEqual(2);
  });

  it('keeps every line of the tables inside the 版心', () => {
    for (const l of office.flatMap(body)) {
      expect(l.x0).toBeGreaterThanOrEqual(TEXT_BLOCK_PT.left - 1);
      expect(l.x1).toBeLessThanOrEqual(RIGHT + 1);
    }
  });
});

describe.skipIf(available)('the DOCX in LibreOffice (skipped)', () => {
  it.skip('LibreOffice (soffice) or poppler (pdftotext) is not installed here: the office-suite check did not run', () => {});
  if (!available) console.warn('tests/docx/libreoffice.test.ts: soffice or pdftotext not on PATH — LibreOffice checks skipped');
});
