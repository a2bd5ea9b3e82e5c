/**
 * The PDF typesetter's second half: paints laid-out pages with pdfkit. It makes no layout
 * decisions; every line and run arrives positioned. pdfkit embeds each font as a subset with a
 * ToUnicode map, so text extracted from the PDF is exactly the text written.
 */
import { deflateSync } from 'node:zlib';
import type * as fontkit from 'fontkit';
import { horizontalAdvance, type FontMetrics } from '../../fonts/metrics.js';
import { TrueTypeFont } from '../../fonts/truetype.js';
import { PAGE_PT } from '../../layout/gbt9704.js';
import type { Layout, Page } from './layout.js';

/** Document information written into the PDF. */
export interface PdfInfo {
  readonly title: string;
  readonly author: string;
  /** CreationDate and ModDate (fixed, so the same input gives the same bytes). */
  readonly date: Date;
}

type PdfDoc = PDFKit.PDFDocument & {
  _fragment?: (text: string, x: number, y: number, options: object) => void;
  _font?: EmbeddedFont;
  _fontSize?: number;
  _ctm?: number[];
  page?: { height: number; fonts: Record<string, unknown>; write(data: string): void };
};

/** pdfkit's way of writing a number in content streams (PDFObject.number): six decimals at most. */
function pdfNumber(n: number): number {
  if (!(n > -1e21 && n < 1e21)) throw new Error(`unsupported number: ${n}`);
  return Math.round(n * 1e6) / 1e6;
}

/**
 * Draws one run of text as pdfkit's `_fragment` draws it for the options the painter uses (left,
 * alphabetic baseline, filled, character spacing, horizontal scaling, no word spacing, links or
 * decoration), writing exactly the operators it writes, but as one piece of content instead of a
 * dozen: the same bytes, without pdfkit's per-call work. Returns false (nothing written) when the
 * run needs what only `_fragment` does (a glyph placed off its advance), and the caller hands the
 * run to pdfkit.
 */
function drawRun(doc: PdfDoc, text: string, x: number, y: number, characterSpacing: number, horizontalScaling: number): boolean {
  const font = doc._font;
  const page = doc.page;
  const size = doc._fontSize;
  if (!font?.encode || !font.ref || !font.id || !page || size === undefined || !doc._ctm) return false;
  text = text.replace(/\n/g, '');
  if (text.length === 0) return true;
  const [encoded, positions] = font.encode(text) as [string[], { xAdvance: number; advanceWidth: number; xOffset: number; yOffset: number }[]];
  for (const p of positions) if (p.xOffset || p.yOffset || p.xAdvance - p.advanceWidth !== 0) return false;
  // save(); transform(1, 0, 0, -1, 0, page height) … restore(): the matrix is the same after.
  const height = page.height;
  page.fonts[font.id] ??= font.ref();
  const lines = ['q', `1 0 0 -1 0 ${pdfNumber(height)} cm`, 'BT', `1 0 0 1 ${pdfNumber(x)} ${pdfNumber(height - y)} Tm`, `/${font.id} ${pdfNumber(size)} Tf`];
  if (characterSpacing) lines.push(`${pdfNumber(characterSpacing)} Tc`);
  if (horizontalScaling !== 100) lines.push(`${horizontalScaling} Tz`);
  if (encoded.length > 0) lines.push(`[<${encoded.join('')}> 0] TJ`);
  lines.push('ET', 'Q');
  page.write(lines.join('\n'));
  return true;
}

/** The parts of pdfkit's embedded font object this module adjusts. */
interface EmbeddedFont {
  font?: { glyphsForString?: (s: string) => { id: number; advanceWidth: number; codePoints: number[] }[] };
  scale?: number;
  layoutRun?: (text: string, features?: unknown) => unknown;
  plainGlyphs?: boolean;
  /** Maps a run's characters to glyphs (hex ids and positions), adding them to the subset. */
  encode?: (text: string) => unknown;
  id?: string;
  ref?: () => unknown;
  subset?: { encode(): Uint8Array; readonly glyphIds?: readonly number[] };
  embed?: () => void;
  document?: { ref(data?: Record<string, unknown>): PdfRef; _security?: unknown };
}

/** pdfkit's object for one indirect object of the file (the parts used here). */
interface PdfRef {
  compress: boolean;
  data: Record<string, unknown>;
  write(chunk: Uint8Array): void;
  finalize(): void;
  end(chunk?: Uint8Array): void;
}

/**
 * Where the compressed font programs of TrueType subsets are kept between runs: by the font (its
 * key in the font set) and the subset's glyphs (their ids in the font, in subset order, joined by
 * commas). A subset is a function of the two, so a document whose text uses the same glyphs as
 * the last one (figures changed, or nothing) embeds the kept program instead of writing and
 * compressing it again (the body font's, some 100 KB, takes about 10 ms). The store (the CLI's
 * compile cache) is responsible for the font file being the same one.
 */
export interface FontProgramStore {
  get(font: string, glyphs: string): Uint8Array | undefined;
  set(font: string, glyphs: string, compressed: Uint8Array): void;
}

/** Embedded fonts already set up by {@link embedThroughStore}. */
const throughStore = new WeakSet<EmbeddedFont>();

/**
 * Has pdfkit embed `font`'s program (when the document ends) from `store` when it holds the
 * subset the pages made, else write it as
 * pdfkit does and keep it there. Either way the bytes are those pdfkit writes itself: the program
 * compressed with zlib's default settings, in a stream whose dictionary is /Length then /Filter.
 * Only TrueType subsets (fonts/truetype.ts) of an unencrypted document.
 */
function embedThroughStore(font: EmbeddedFont, key: string, store: FontProgramStore): void {
  const subset = font.subset;
  const embed = font.embed;
  // pdfkit gives fonts of the same PostScript name one embedded font (a configured copy of a
  // stand-in, say): it is the first key's font, and is set up once, for that key.
  if (throughStore.has(font)) return;
  if (!(font.font instanceof TrueTypeFont) || !subset?.glyphIds || !embed || !font.document || font.document._security) return;
  throughStore.add(font);
  // Run by pdfkit when the document ends, every page painted: the subset is complete.
  font.embed = function (this: EmbeddedFont) {
    const glyphs = subset.glyphIds!.join(',');
    const kept = store.get(key, glyphs);
    const doc = this.document!;
    const ref = doc.ref;
    const encode = subset.encode;
    // Kept: the subset is not written again (pdfkit asks for it to hand it to the stream below).
    if (kept) subset.encode = () => new Uint8Array(0);
    // pdfkit's embed() asks for the font program's object first.
    doc.ref = (data?: Record<string, unknown>) => {
      doc.ref = ref;
      const program = ref.call(doc, data);
      program.compress = false;
      program.end = (bytes?: Uint8Array) => {
        let compressed = kept;
        if (!compressed) {
          const written = bytes ?? new Uint8Array(0);
          compressed = deflateSync(written);
          // Never keep an empty program (nothing to embed is not a font).
          if (written.length > 0) store.set(key, glyphs, compressed);
        }
        program.write(compressed);
        program.data['Filter'] = 'FlateDecode';
        program.finalize();
      };
      return program;
    };
    try {
      embed.call(this);
    } finally {
      doc.ref = ref;
      subset.encode = encode;
    }
  };
}

/**
 * Makes pdfkit map characters to glyphs through the font's cmap alone, with each glyph's own
 * advance, instead of running the full OpenType shaper (GSUB/GPOS) on every run. This is exactly
 * what the layout measured (advance widths, no kerning), so the painted text lands where the layout
 * put it, and it avoids parsing the large GSUB/GPOS tables of CJK fonts, the biggest cost of a build.
 * Chinese text needs no shaping: no ligatures, no contextual forms.
 */
function useCmapGlyphs(font: EmbeddedFont | undefined): void {
  // A TrueTypeFont (fonts/truetype.ts) already lays out through cmap alone.
  if (font?.font instanceof TrueTypeFont) return;
  if (!font || font.plainGlyphs || typeof font.font?.glyphsForString !== 'function' || typeof font.scale !== 'number') return;
  const scale = font.scale;
  const glyphsForString = font.font.glyphsForString.bind(font.font);
  // The horizontal advance straight from `hmtx`, as the layout measured it (see metrics.ts).
  const advance = horizontalAdvance(font.font as unknown as fontkit.Font);
  font.layoutRun = (text: string) => {
    // pdfkit reads only each glyph's id, code points and advance width.
    const glyphs = glyphsForString(text).map((g) => ({ id: g.id, codePoints: g.codePoints, advanceWidth: advance(g.id) }));
    let advanceWidth = 0;
    const positions = glyphs.map((g) => {
      const xAdvance = g.advanceWidth * scale;
      advanceWidth += xAdvance;
      return { xAdvance, yAdvance: 0, xOffset: 0, yOffset: 0, advanceWidth: xAdvance };
    });
    return { glyphs, positions, advanceWidth };
  };
  font.plainGlyphs = true;
}

/** Draws a page's rules (the 公文's red line and 版记 rules) as filled rectangles. */
function paintRules(doc: PdfDoc, rules: Page['rules']): void {
  for (const r of rules ?? []) {
    doc.rect(r.x, r.y - r.thickness / 2, r.width, r.thickness).fill(r.color ? `#${r.color}` : 'black');
  }
  if (rules && rules.length > 0) doc.fillColor('black');
}

/**
 * Paints `layout` into PDF bytes with the given fonts (by key), already parsed for measuring; the
 * font programs through `fontPrograms` when given (see {@link FontProgramStore}).
 */
export async function paint(
  layout: Layout,
  fonts: ReadonlyMap<string, FontMetrics>,
  info: PdfInfo,
  fontPrograms?: FontProgramStore,
  /** Draw every run with pdfkit's own `_fragment` (the tests compare the two ways: same bytes). */
  pdfkitText = false,
): Promise<Uint8Array> {
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: [PAGE_PT.width, PAGE_PT.height],
    margin: 0,
    autoFirstPage: false,
    compress: true,
    lang: 'zh-CN',
    displayTitle: true,
    // No default font: pdfkit would load Helvetica's metrics, and every run names its fonts.
    font: null as unknown as string,
    // Each run is laid out once (its text is nearly always new): no cache of runs kept in memory.
    fontLayoutCache: false,
    info: {
      Title: info.title,
      Author: info.author,
      Creator: 'report',
      Producer: 'report (pdfkit)',
      CreationDate: info.date,
      ModDate: info.date,
    },
  }) as PdfDoc;
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  const registered = new Set<string>();
  const use = (key: string) => {
    if (!registered.has(key)) {
      const f = fonts.get(key);
      if (!f) throw new Error(`font ${key} was not provided`);
      // pdfkit accepts a parsed fontkit font: the one the layout measured with.
      doc.registerFont(key, f.font as never);
      registered.add(key);
      doc.font(key);
      if (fontPrograms && doc._font) embedThroughStore(doc._font, key, fontPrograms);
    } else {
      doc.font(key);
    }
    useCmapGlyphs(doc._font);
  };
  for (const page of layout.pages) {
    doc.addPage({ size: [PAGE_PT.width, PAGE_PT.height], margin: 0 });
    paintRules(doc, page.rules);
    // Table rules: black, square caps so that lines meeting at a corner join without a notch.
    if (page.tableRules && page.tableRules.length > 0) {
      doc.save();
      doc.strokeColor('#000000').lineCap('square');
      for (const r of page.tableRules) doc.lineWidth(r.width).moveTo(r.x0, r.y0).lineTo(r.x1, r.y1).stroke();
      doc.restore();
    }
    for (const line of page.lines) {
      if (line.color) doc.fillColor(`#${line.color}`);
      for (const run of line.runs) {
        use(run.font);
        doc.fontSize(line.size);
        const options = {
          lineBreak: false,
          baseline: 'alphabetic' as const,
          characterSpacing: run.spacing,
          ...(line.scaleX !== undefined ? { horizontalScaling: line.scaleX } : {}),
          // Given, so pdfkit does not shape the run a second time to measure it.
          textWidth: run.width,
          wordCount: 1,
          fill: true,
        };
        // pdfkit's text() measures every run again after drawing it; the internal _fragment
        // draws without that second shaping, which halves the cost of long documents; drawRun
        // writes what _fragment writes, in one piece.
        if (!pdfkitText && drawRun(doc, run.text, run.x, line.baseline, run.spacing || 0, line.scaleX || 100)) continue;
        if (typeof doc._fragment === 'function') doc._fragment(run.text, run.x, line.baseline, options);
        else doc.text(run.text, run.x, line.baseline, options);
      }
      if (line.color) doc.fillColor('black');
    }
  }
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}
