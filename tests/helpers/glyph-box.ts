/**
 * The rule that no text of ours leaves the 版心, measured with poppler on a PDF: every word box
 * `pdftotext -bbox` reports (the advance boxes of its glyphs, so a word inside means every glyph
 * inside) must lie between the 版心's left and right edges; its middle must lie between the 版心's
 * top and bottom (the boxes reach above and below by the font's ascent and descent, which is not
 * ink); page numbers lie in their band below the 版心 (§7.5: the dash line 7 mm below it).
 *
 * Used on every PDF the test run builds (tests/helpers/test-run.ts collects them) and directly by
 * tests that build documents meant to stress it.
 */
import { spawnSync } from 'node:child_process';
import { mmToPt, PAGE_NUMBER, ROLE_SIZE_PT, TEXT_BLOCK_PT } from '../../src/layout/gbt9704.js';
import { BOTTOM, LEFT, RIGHT, TOP } from './text-block.js';

/** How far a box may pass an edge, in points (rounding of positions in the PDF). */
const TOLERANCE = 0.5;
/** The page-number band: from the 版心's bottom to the dash line's top plus two lines of 四号. */
const FOOTER_BOTTOM = BOTTOM + mmToPt(PAGE_NUMBER.belowTextBlockMm) + 2 * ROLE_SIZE_PT.pageNumber;

/** One word box of a page. */
export interface WordBox {
  readonly page: number;
  readonly text: string;
  readonly xMin: number;
  readonly yMin: number;
  readonly xMax: number;
  readonly yMax: number;
}

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** `pdftotext -bbox` of a file, or null when poppler cannot read it. */
function bbox(file: string): string | null {
  const r = spawnSync('pdftotext', ['-bbox', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 256 << 20 });
  return r.status === 0 ? r.stdout : null;
}

/** The word boxes of a PDF file, by poppler; null when poppler cannot read the file. */
export function wordBoxes(file: string, text = bbox(file)): WordBox[] | null {
  if (text === null) return null;
  const r = { stdout: text };
  const out: WordBox[] = [];
  let page = 0;
  for (const m of r.stdout.matchAll(/<page |<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
    if (m[0] === '<page ') {
      page++;
      continue;
    }
    out.push({ page, text: unescape(m[5]!), xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), yMax: Number(m[4]) });
  }
  return out;
}

/** Whether a PDF was made by this program's PDF writer (its Creator is `report`). */
export function isOurPdf(file: string, text = bbox(file)): boolean {
  return text !== null && /<meta name="Creator" content="report"\/>/.test(text);
}

/**
 * The words of a PDF that pass the 版心 (or, for page numbers, their band), described for a
 * message; null when poppler cannot read the file, or (with `oursOnly`) when another program made
 * it (a test's hand-made PDF, LibreOffice's rendering of the DOCX).
 */
export function glyphBoxProblems(file: string, oursOnly = false): string[] | null {
  const text = bbox(file);
  if (oursOnly && !isOurPdf(file, text)) return null;
  const words = wordBoxes(file, text);
  if (!words) return null;
  const problems: string[] = [];
  for (const w of words) {
    const middle = (w.yMin + w.yMax) / 2;
    const footer = middle > BOTTOM && /^(—|\d+)$/.test(w.text);
    const where = `page ${w.page} “${w.text}” x ${w.xMin.toFixed(1)}–${w.xMax.toFixed(1)}, y ${w.yMin.toFixed(1)}–${w.yMax.toFixed(1)}`;
    if (w.xMin < LEFT - TOLERANCE) problems.push(`${where}: starts left of the 版心 (${LEFT.toFixed(1)})`);
    if (w.xMax > RIGHT + TOLERANCE) problems.push(`${where}: ends right of the 版心 (${RIGHT.toFixed(1)})`);
    if (footer ? middle > FOOTER_BOTTOM : middle < TOP || middle > BOTTOM) {
      problems.push(`${where}: ${footer ? 'below the page-number band' : 'above or below the 版心'} (${TOP.toFixed(1)}–${BOTTOM.toFixed(1)})`);
    }
  }
  return problems;
}
