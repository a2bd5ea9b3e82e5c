/**
 * Glyph coverage and advance widths of a font. TrueType fonts (the usual Chinese fonts and the
 * free stand-ins) are read table by table (truetype.ts): only what the layout asks for is read, and
 * the same object is handed to pdfkit to embed, so measuring and painting agree. Other fonts (CFF
 * outlines, legacy `cmap` encodings) are read with fontkit, the font library pdfkit itself uses.
 * Widths are cached per character: each character of a document is measured once.
 */
import type * as fontkit from 'fontkit';
import { createRequire } from 'node:module';
import { openTrueType, type TrueTypeFont } from './truetype.js';
import type { FontFile } from './types.js';

/** What the layout needs to know about a font. */
export interface FontMetrics {
  readonly key: string;
  /** Whether the font has a glyph for the character. */
  has(char: string): boolean;
  /** The advance width of the character, in em (1 = the font size). */
  advance(char: string): number;
  /**
   * How far above the baseline the character's ink reaches, in em (the glyph box's top). Optional:
   * a measurer without it gets the typical value from the layout constants.
   */
  inkTop?(char: string): number;
  /**
   * The opened font itself (a {@link TrueTypeFont}, or a fontkit font), handed to the painter so
   * the file is read once.
   */
  readonly font: unknown;
}

/** Opens a font for measuring: table by table when it is TrueType, else whole with fontkit. */
export function openMetrics(file: FontFile): FontMetrics {
  const tt = file.reader ? openTrueType(file.reader(), file.face) : null;
  return tt ? trueTypeMetrics(file.key, tt) : fontkitMetrics(file);
}

function trueTypeMetrics(key: string, font: TrueTypeFont): FontMetrics {
  const em = font.unitsPerEm;
  const widths = new Map<string, number>();
  return {
    key,
    font,
    has: (char) => font.glyphFor(char.codePointAt(0)!) !== 0,
    advance(char) {
      let w = widths.get(char);
      if (w === undefined) {
        w = font.advanceOf(font.glyphFor(char.codePointAt(0)!)) / em;
        widths.set(char, w);
      }
      return w;
    },
    inkTop: (char) => font.inkTopOf(font.glyphFor(char.codePointAt(0)!)) / em,
  };
}

/** fontkit, loaded the first time a font needs it (most runs never do). */
let fontkitLibrary: typeof fontkit | undefined;
const loadFontkit = () => (fontkitLibrary ??= createRequire(import.meta.url)('fontkit') as typeof fontkit);

function fontkitMetrics(file: FontFile): FontMetrics {
  const opened = loadFontkit().create(Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength), file.face);
  const font = ('fonts' in opened ? (opened as unknown as { fonts: fontkit.Font[] }).fonts[0] : opened) as fontkit.Font;
  const unitsPerEm = font.unitsPerEm;
  const widths = new Map<string, number>();
  const advanceUnits = horizontalAdvance(font);
  const coverage = new Map<string, boolean>();
  return {
    key: file.key,
    font,
    has(char) {
      let v = coverage.get(char);
      if (v === undefined) {
        v = font.hasGlyphForCodePoint(char.codePointAt(0)!);
        coverage.set(char, v);
      }
      return v;
    },
    advance(char) {
      let w = widths.get(char);
      if (w === undefined) {
        w = advanceUnits(font.glyphForCodePoint(char.codePointAt(0)!).id) / unitsPerEm;
        widths.set(char, w);
      }
      return w;
    },
    inkTop(char) {
      return font.glyphForCodePoint(char.codePointAt(0)!).bbox.maxY / unitsPerEm;
    },
  };
}

/** A horizontal metrics table as fontkit decodes it (`hmtx`). */
interface Hmtx {
  readonly metrics: { readonly length: number; get(i: number): { readonly advance: number } };
}

/**
 * The advance width of a glyph id, in font units, read straight from the `hmtx` table. fontkit's
 * `glyph.advanceWidth` computes the glyph's vertical metrics too, which for a CJK font with a
 * `vmtx` table costs about five times as much; the layout only needs the horizontal advance.
 * Glyph ids past the table's long metrics take the last advance (OpenType `hmtx`). A
 * {@link TrueTypeFont} answers directly.
 */
export function horizontalAdvance(font: fontkit.Font | TrueTypeFont): (id: number) => number {
  if ('advanceOf' in font && typeof font.advanceOf === 'function') return (id) => (font as TrueTypeFont).advanceOf(id);
  const f = font as fontkit.Font;
  const hmtx = (f as unknown as { hmtx?: Hmtx }).hmtx;
  const metrics = hmtx?.metrics;
  if (!metrics || metrics.length === 0) return (id) => f.getGlyph(id).advanceWidth;
  const last = metrics.get(metrics.length - 1).advance;
  return (id) => (id < metrics.length ? metrics.get(id).advance : last);
}
