/**
 * The PDF writer: typesets the document model directly on the GB/T 9704 grid (never converted
 * from the DOCX). Layout is pure and measured with the fonts' real metrics; painting uses pdfkit.
 */
import type { Diagnostic } from '../../diagnostics.js';
import type { Doc } from '../../document/types.js';
import { openMetrics, type FontMetrics } from '../../fonts/metrics.js';
import type { FontFile, FontSet } from '../../fonts/types.js';
import type { FontRole } from '../../layout/gbt9704.js';
import { layoutDocument, type Layout, type Measurer, type RoleMetrics } from './layout.js';
import { paint, type FontProgramStore } from './paint.js';

export type { FontProgramStore } from './paint.js';

/**
 * Fonts already opened, by the FontFile that describes them: the documents of one build (`--all`)
 * share a font set, so each font is opened once per build, not once per document; what it has read
 * (tables, glyphs, widths) serves them all. Held weakly: a new font set (watch) starts afresh.
 */
const openedFonts = new WeakMap<FontFile, FontMetrics>();

/**
 * A font of a font set, opened (its tables read) once per process however often it is asked for:
 * by the title breaker, the layout and the painter alike. Errors as {@link openMetrics}.
 */
export function openFont(f: FontFile): FontMetrics {
  let m = openedFonts.get(f);
  if (!m) {
    m = openMetrics(f);
    openedFonts.set(f, m);
  }
  return m;
}

/** Builds the layout's measurer from a font set (each font opened once, for measuring and painting). */
export function measurerFor(fonts: FontSet): { measurer: Measurer; opened: Map<string, FontMetrics> } {
  const opened = new Map<string, FontMetrics>();
  const open = (f: FontFile) => {
    let m = opened.get(f.key);
    if (!m) {
      m = openFont(f);
      opened.set(f.key, m);
    }
    return m;
  };
  /** A fallback font is opened (and its file read) only when a character needs it. */
  const lazy = (f: FontFile): FontMetrics => {
    let m: FontMetrics | undefined;
    const get = () => (m ??= open(f));
    return {
      key: f.key,
      has: (c) => get().has(c),
      advance: (c) => get().advance(c),
      inkTop: (c) => get().inkTop?.(c) ?? Number.NaN,
      get font() {
        return get().font;
      },
    };
  };
  const role = (r: FontRole): RoleMetrics => {
    const { primary, fallbacks } = fonts[r];
    const families: Record<string, string> = {};
    for (const f of [primary, ...fallbacks]) families[f.key] = f.family;
    return { primary: open(primary), fallbacks: fallbacks.map(lazy), families };
  };
  return {
    measurer: { title: role('title'), body: role('body'), heading1: role('heading1'), heading2: role('heading2'), pageNumber: role('pageNumber') },
    opened,
  };
}

/** Lays out a document with the given fonts (exposed for tests and tools). */
export function layoutWith(doc: Doc, fonts: FontSet): Layout {
  return layoutDocument(doc, measurerFor(fonts).measurer);
}

/**
 * Typesets a document as PDF. `fontPrograms`: where compressed font programs are kept between runs
 * (see {@link FontProgramStore}); without it each is written and compressed every time.
 * `pdfkitText`: every run drawn by pdfkit's own text code (paint.ts; for the tests, same bytes).
 */
export async function toPdf(
  doc: Doc,
  fonts: FontSet,
  options: { creationDate: Date; fontPrograms?: FontProgramStore; pdfkitText?: boolean },
): Promise<{ bytes: Uint8Array; warnings: Diagnostic[]; layout: Layout }> {
  const { measurer, opened } = measurerFor(fonts);
  const layout = layoutDocument(doc, measurer);
  const bytes = await paint(layout, opened, { title: doc.meta.title, author: doc.meta.issuer, date: options.creationDate }, options.fontPrograms, options.pdfkitText);
  return { bytes, warnings: [...layout.warnings], layout };
}
