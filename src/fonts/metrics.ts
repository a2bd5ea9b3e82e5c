/**
 * Glyph coverage and advance widths of a font. TrueType fonts (the usual Chinese fonts and the
 * free stand-ins) are read table by table (truetype.ts): only what the layout asks for is read, and
 * the same object is handed to pdfkit to embed, so measuring and painting agree. Other fonts (CFF
 * outlines, legacy `cmap` encodings) are read with fontkit, the font library pdfkit itself uses.
 * Widths are cached per character: each character of a document is measured once.
 */
import type * as fontkit from 'fontkit';
import { createRequire } from 'node:module';
import { FontFileError } from './sfnt.js';
import { openTrueType, TrueTypeFont as TrueTypeFontClass, type TrueTypeFont } from './truetype.js';
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

/**
 * A font file that turned out to be unusable while it was opened or read (its tables hold garbage:
 * counts, offsets or sizes that do not fit, data fontkit cannot decode). `font` says which file;
 * the message says what is wrong in plain Chinese. src/cli turns it into a diagnostic naming the
 * file (exit 1), never an internal error.
 */
export class BrokenFontError extends FontFileError {
  constructor(
    readonly font: FontFile,
    message: string,
  ) {
    super(message);
  }
}

/** Whether `e` is a problem already worded for the user (a file-system problem: UserError of src/cli). */
const worded = (e: unknown) => e instanceof Error && Array.isArray((e as { diagnostics?: unknown }).diagnostics);

/** `e`, thrown while `file` was opened or read, as a {@link BrokenFontError} (worded problems pass through). */
function broken(file: FontFile, e: unknown): Error {
  if (e instanceof BrokenFontError || worded(e)) return e as Error;
  if (e instanceof FontFileError) return new BrokenFontError(file, e.message);
  // fontkit's messages are English: say in Chinese what they mean.
  const said = e instanceof Error ? e.message : String(e);
  const why = /cmap/i.test(said) ? '其中没有可用的字符映射（cmap 表）' : /unknown (font )?format|not a supported font/i.test(said) ? '不是能读的字体格式' : '字体库读不出其中的数据';
  return new BrokenFontError(file, `字体文件已损坏（${why}）`);
}

/**
 * `target` seen through a proxy that turns anything thrown while one of its members is read or
 * called — and on the objects its methods return (a subset, a glyph run) — into `fail(e)`.
 */
function guardedObject<T extends object>(target: T, fail: (e: unknown) => Error): T {
  const wrap = (v: unknown): unknown => (v !== null && typeof v === 'object' && !ArrayBuffer.isView(v) && !Array.isArray(v) ? guardedObject(v, fail) : v);
  return new Proxy(target, {
    get(t, prop) {
      let v: unknown;
      try {
        v = Reflect.get(t, prop, t);
      } catch (e) {
        throw fail(e);
      }
      if (typeof v !== 'function') return v;
      return (...args: unknown[]) => {
        try {
          return wrap((v as (...a: unknown[]) => unknown).apply(t, args));
        } catch (e) {
          throw fail(e);
        }
      };
    },
  });
}

/** Fonts opened, by the FontFile that describes them: a font is opened once, whoever asks. */
const openedMetrics = new WeakMap<FontFile, FontMetrics>();

/**
 * Opens a font for measuring: table by table when it is TrueType, else whole with fontkit. Any
 * failure while opening it or answering for a character is a {@link BrokenFontError} naming the
 * file (or, for a file that cannot be read, the file-system problem itself).
 */
export function openMetrics(file: FontFile): FontMetrics {
  let m = openedMetrics.get(file);
  if (!m) {
    let inner: FontMetrics;
    try {
      const tt = file.reader ? openTrueType(file.reader(), file.face) : null;
      inner = tt ? trueTypeMetrics(file.key, tt) : fontkitMetrics(file);
    } catch (e) {
      throw broken(file, e);
    }
    const guard =
      <A extends unknown[], R>(f: (...a: A) => R) =>
      (...a: A): R => {
        try {
          return f(...a);
        } catch (e) {
          throw broken(file, e);
        }
      };
    const inkTop = inner.inkTop;
    m = {
      key: inner.key,
      // A font read by fontkit is read lazily, also while pdfkit embeds it: whatever fails there is this file's problem too.
      font: inner.font instanceof TrueTypeFontClass ? inner.font : guardedObject(inner.font as object, (e) => broken(file, e)),
      has: guard((c: string) => inner.has(c)),
      advance: guard((c: string) => inner.advance(c)),
      ...(inkTop ? { inkTop: guard((c: string) => inkTop.call(inner, c)) } : {}),
    };
    openedMetrics.set(file, m);
  }
  return m;
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
  const font = ('fonts' in opened ? (opened as unknown as { fonts: fontkit.Font[] }).fonts[0] : opened) as fontkit.Font | undefined;
  if (!font) throw new FontFileError('字体文件中没有字体');
  const unitsPerEm = font.unitsPerEm;
  if (!(unitsPerEm >= 16 && unitsPerEm <= 16384)) throw new FontFileError(`字体文件已损坏（head 表的 unitsPerEm 为 ${unitsPerEm}，应在 16 到 16384 之间）`);
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
