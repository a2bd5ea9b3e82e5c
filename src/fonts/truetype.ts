/**
 * TrueType fonts (SFNT with `glyf` outlines, alone or in a TTC) read table by table, and subset for
 * embedding, without parsing the whole file. A CJK font is 10–20 MB, almost all of it outlines; a
 * document needs a few hundred of its 30,000–65,000 glyphs. So only the table directory, `head`,
 * `hhea`, `maxp`, `OS/2`, `post`, `name`, the Unicode subtable of `cmap`, `hmtx` and `loca` are read
 * (about 1 MB for a CJK font), and of `glyf` only the glyphs used.
 *
 * {@link TrueTypeFont} answers what the layout asks (glyph for a character, advance width, ink top)
 * and what pdfkit's embedded-font object asks of a fontkit font (metrics, names, glyphs for a string,
 * and a subset that it encodes), so one reading serves measuring and painting. The subset is the
 * TrueType subset a PDF needs (ISO 32000-1 §9.9: `head`, `hhea`, `maxp`, `hmtx`, `loca`, `glyf` and
 * the hinting tables `cvt `, `fpgm`, `prep`), glyphs renumbered in the order first used, the same
 * bytes for the same glyphs on every run.
 *
 * Fonts with CFF outlines (OpenType `OTTO`) or without a Unicode `cmap` subtable in format 4 or 12
 * are not handled here: {@link openTrueType} returns null and the caller uses fontkit.
 */
import { FontFileError, type ReadAt } from './sfnt.js';

/** Where a table lies in the file, in bytes. */
interface TableEntry {
  readonly offset: number;
  readonly length: number;
}

/** A font file's bytes by position: `read(offset, length)` and its size in bytes. */
export interface FontReader {
  readonly size: number;
  readonly read: ReadAt;
  /**
   * `size:mtime` (bytes, whole milliseconds) of the file as it was opened, when it is read from an
   * open file: what the build manifest records, so that a file replaced or deleted after it was
   * opened is judged by the font actually used.
   */
  readonly identity?: string;
}

const tagAt = (d: DataView, o: number) =>
  String.fromCharCode(d.getUint8(o), d.getUint8(o + 1), d.getUint8(o + 2), d.getUint8(o + 3));
const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
/** A copy of the bytes (a Buffer's own `slice` would share them). */
const copy = (b: Uint8Array) => new Uint8Array(b);

/** A character-to-glyph lookup over one `cmap` subtable (format 4 or 12), read lazily. */
type GlyphLookup = (codePoint: number) => number;

/** The `cmap` subtable chosen for Unicode: (3,10)/(0,4)/(0,6) format 12, else (3,1)/(0,3)/(0,x) format 4. */
function unicodeLookup(cmap: Uint8Array): GlyphLookup | null {
  const d = view(cmap);
  if (cmap.length < 4) throw new FontFileError('字体文件已损坏（cmap 表太短）');
  const count = Math.min(d.getUint16(2), Math.floor((cmap.length - 4) / 8));
  const candidates: { rank: number; offset: number; format: number }[] = [];
  for (let i = 0; i < count; i++) {
    const platform = d.getUint16(4 + 8 * i);
    const encoding = d.getUint16(6 + 8 * i);
    const offset = d.getUint32(8 + 8 * i);
    if (offset + 4 > cmap.length) continue;
    const format = d.getUint16(offset);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (!unicode) continue;
    if (format === 12) candidates.push({ rank: 0, offset, format });
    else if (format === 4) candidates.push({ rank: 1, offset, format });
  }
  candidates.sort((a, b) => a.rank - b.rank || a.offset - b.offset);
  const best = candidates[0];
  if (!best) return null;
  // The subtable's arrays must lie inside the table (a lookup then never reads past it).
  if (best.format === 12) {
    if (best.offset + 16 > cmap.length || best.offset + 16 + 12 * d.getUint32(best.offset + 12) > cmap.length) throw new FontFileError('字体文件已损坏（cmap 表的字符映射超出表的范围）');
    return format12(d, best.offset);
  }
  const segX2 = best.offset + 8 <= cmap.length ? d.getUint16(best.offset + 6) : 0;
  if (segX2 < 2 || segX2 % 2 !== 0 || best.offset + 16 + 4 * segX2 > cmap.length) throw new FontFileError('字体文件已损坏（cmap 表的字符映射超出表的范围）');
  return format4(d, best.offset);
}

/** cmap format 12 (segmented coverage): groups of [start, end, start glyph], binary searched. */
function format12(d: DataView, at: number): GlyphLookup {
  const groups = d.getUint32(at + 12);
  const base = at + 16;
  return (cp) => {
    let lo = 0;
    let hi = groups - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const o = base + 12 * mid;
      if (cp < d.getUint32(o)) hi = mid - 1;
      else if (cp > d.getUint32(o + 4)) lo = mid + 1;
      else return d.getUint32(o + 8) + (cp - d.getUint32(o));
    }
    return 0;
  };
}

/** cmap format 4 (segment mapping to delta values), Basic Multilingual Plane only. */
function format4(d: DataView, at: number): GlyphLookup {
  const segX2 = d.getUint16(at + 6);
  const ends = at + 14;
  const starts = ends + segX2 + 2;
  const deltas = starts + segX2;
  const rangeOffsets = deltas + segX2;
  const segments = segX2 / 2;
  return (cp) => {
    if (cp > 0xffff) return 0;
    let lo = 0;
    let hi = segments - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (d.getUint16(ends + 2 * mid) < cp) lo = mid + 1;
      else hi = mid;
    }
    const start = d.getUint16(starts + 2 * lo);
    if (cp < start || cp > d.getUint16(ends + 2 * lo)) return 0;
    const delta = d.getUint16(deltas + 2 * lo);
    const ro = d.getUint16(rangeOffsets + 2 * lo);
    if (ro === 0) return (cp + delta) & 0xffff;
    const o = rangeOffsets + 2 * lo + ro + 2 * (cp - start);
    if (o + 2 > d.byteLength) return 0;
    const g = d.getUint16(o);
    return g === 0 ? 0 : (g + delta) & 0xffff;
  };
}

/** The PostScript name (name ID 6) from a `name` table, or ''. */
function postscriptName(name: Uint8Array | null): string {
  if (!name || name.length < 6) return '';
  const d = view(name);
  const count = d.getUint16(2);
  const strings = d.getUint16(4);
  let best = '';
  for (let i = 0; i < count && 6 + 12 * (i + 1) <= name.length; i++) {
    const o = 6 + 12 * i;
    if (d.getUint16(o + 6) !== 6) continue;
    const platform = d.getUint16(o);
    const length = d.getUint16(o + 8);
    const bytes = name.subarray(strings + d.getUint16(o + 10), strings + d.getUint16(o + 10) + length);
    if (platform === 3 || platform === 0) {
      let s = '';
      for (let k = 0; k + 1 < bytes.length; k += 2) s += String.fromCharCode((bytes[k]! << 8) | bytes[k + 1]!);
      return s;
    }
    if (platform === 1 && !best) best = String.fromCharCode(...bytes);
  }
  return best;
}

/** A glyph as pdfkit reads it from fontkit: its id, the characters it stands for, its advance (font units). */
export interface PlainGlyph {
  readonly id: number;
  readonly codePoints: number[];
  readonly advanceWidth: number;
}

/**
 * A TrueType face opened for measuring and embedding. Besides what the layout uses (`glyphFor`,
 * `advanceOf`, `inkTopOf`), it offers the members pdfkit reads from a fontkit font (see pdfkit's
 * EmbeddedFont): the vertical metrics, `bbox`, names, `OS/2`/`post`/`head` flags, `layout` and
 * `glyphsForString` (characters mapped through `cmap` alone: no OpenType shaping, which Chinese
 * text does not need), `getGlyph` and `createSubset`.
 */
export class TrueTypeFont {
  readonly unitsPerEm: number;
  readonly ascent: number;
  readonly descent: number;
  readonly lineGap: number;
  readonly capHeight: number | undefined;
  readonly xHeight: number;
  readonly italicAngle: number;
  readonly bbox: { readonly minX: number; readonly minY: number; readonly maxX: number; readonly maxY: number };
  readonly postscriptName: string;
  readonly numGlyphs: number;
  readonly 'OS/2': { readonly sFamilyClass: number };
  readonly post: { readonly isFixedPitch: boolean };
  readonly head: { readonly macStyle: { readonly italic: boolean } };

  private readonly tables: ReadonlyMap<string, TableEntry>;
  private readonly raw = new Map<string, Uint8Array>();
  private readonly lookup: GlyphLookup;
  private readonly hmtx: DataView;
  private readonly hMetrics: number;
  private readonly loca: DataView;
  private readonly longLoca: boolean;
  private readonly glyphCache = new Map<number, Uint8Array>();
  /** Glyph ids of BMP characters looked up so far (−1: not yet), and of the others. */
  private readonly bmp = new Int32Array(0x10000).fill(-1);
  private readonly astral = new Map<number, number>();
  /** One glyph object per glyph id, shared by every run (pdfkit only reads them). */
  private readonly plain = new Map<number, PlainGlyph>();

  /** Use {@link openTrueType}. */
  constructor(
    private readonly file: FontReader,
    tables: ReadonlyMap<string, TableEntry>,
    lookup: GlyphLookup,
  ) {
    this.tables = tables;
    this.lookup = lookup;
    const head = view(this.table('head')!);
    const hhea = view(this.table('hhea')!);
    const maxp = view(this.table('maxp')!);
    const os2 = this.table('OS/2');
    const post = this.table('post');
    this.unitsPerEm = head.getUint16(18);
    this.bbox = Object.freeze({ minX: head.getInt16(36), minY: head.getInt16(38), maxX: head.getInt16(40), maxY: head.getInt16(42) });
    this.head = { macStyle: { italic: (head.getUint16(44) & 0x2) !== 0 } };
    this.longLoca = head.getInt16(50) === 1;
    this.ascent = hhea.getInt16(4);
    this.descent = hhea.getInt16(6);
    this.lineGap = hhea.getInt16(8);
    this.hMetrics = hhea.getUint16(34);
    this.numGlyphs = maxp.getUint16(4);
    const o = os2 ? view(os2) : null;
    this['OS/2'] = { sFamilyClass: o && o.byteLength >= 32 ? o.getInt16(30) : 0 };
    // sxHeight and sCapHeight exist from OS/2 version 2 on (as fontkit reads them).
    const v2 = o !== null && o.getUint16(0) >= 2 && o.byteLength >= 90;
    this.xHeight = v2 ? o.getInt16(86) : 0;
    this.capHeight = o === null ? this.ascent : v2 ? o.getInt16(88) : undefined;
    const p = post ? view(post) : null;
    this.italicAngle = p && p.byteLength >= 8 ? p.getInt32(4) / 65536 : 0;
    this.post = { isFixedPitch: p !== null && p.byteLength >= 16 && p.getUint32(12) !== 0 };
    this.postscriptName = postscriptName(this.table('name'));
    this.hmtx = view(this.table('hmtx')!);
    this.loca = view(this.table('loca')!);
  }

  /** A table's bytes (read once), or null when the font has none. */
  private table(tag: string): Uint8Array | null {
    const known = this.raw.get(tag);
    if (known) return known;
    const t = this.tables.get(tag);
    if (!t) return null;
    const bytes = this.file.read(t.offset, t.length);
    this.raw.set(tag, bytes);
    return bytes;
  }

  /** The glyph id for a Unicode code point (0, the missing glyph, when the font has none). */
  glyphFor(codePoint: number): number {
    if (codePoint < 0x10000) {
      let g = this.bmp[codePoint]!;
      if (g < 0) {
        g = this.lookup(codePoint);
        if (g >= this.numGlyphs) g = 0;
        this.bmp[codePoint] = g;
      }
      return g;
    }
    let g = this.astral.get(codePoint);
    if (g === undefined) {
      g = this.lookup(codePoint);
      if (g >= this.numGlyphs) g = 0;
      this.astral.set(codePoint, g);
    }
    return g;
  }

  /** The horizontal advance of a glyph, in font units (`hmtx`; ids past its long metrics take the last). */
  advanceOf(id: number): number {
    const i = Math.min(id, this.hMetrics - 1);
    return this.hmtx.getUint16(4 * i);
  }

  /** The left side bearing of a glyph, in font units (`hmtx`). */
  private bearingOf(id: number): number {
    if (id < this.hMetrics) return this.hmtx.getInt16(4 * id + 2);
    const o = 4 * this.hMetrics + 2 * (id - this.hMetrics);
    return o + 2 <= this.hmtx.byteLength ? this.hmtx.getInt16(o) : 0;
  }

  /** The bytes of a glyph's outline in `glyf` (empty for a glyph without outline, e.g. a space). */
  glyphBytes(id: number): Uint8Array {
    let g = this.glyphCache.get(id);
    if (g) return g;
    const [start, end] = this.longLoca
      ? [this.loca.getUint32(4 * id), this.loca.getUint32(4 * id + 4)]
      : [this.loca.getUint16(2 * id) * 2, this.loca.getUint16(2 * id + 2) * 2];
    const glyf = this.tables.get('glyf')!;
    if (end <= start || end > glyf.length) g = new Uint8Array(0);
    else g = this.file.read(glyf.offset + start, end - start);
    this.glyphCache.set(id, g);
    return g;
  }

  /** How far the glyph's outline reaches above the baseline, in font units (its `glyf` yMax); NaN without outline. */
  inkTopOf(id: number): number {
    const g = this.glyphBytes(id);
    return g.length >= 10 ? view(g).getInt16(8) : Number.NaN;
  }

  /** fontkit's `getGlyph`: what pdfkit reads of the missing glyph (its advance). */
  getGlyph(id: number): PlainGlyph {
    return { id, codePoints: [], advanceWidth: this.advanceOf(id) };
  }

  /** Every character of `text` to its glyph through `cmap`, with its advance (font units). */
  glyphsForString(text: string): PlainGlyph[] {
    const out: PlainGlyph[] = [];
    for (let i = 0; i < text.length; i++) {
      const cp = text.codePointAt(i)!;
      if (cp > 0xffff) i++;
      // Characters sharing a glyph (the missing glyph, say) keep their own code points.
      const id = this.glyphFor(cp);
      const key = id === 0 ? -cp - 1 : id;
      let g = this.plain.get(key);
      if (!g) {
        g = Object.freeze({ id, codePoints: [cp], advanceWidth: this.advanceOf(id) });
        this.plain.set(key, g);
      }
      out.push(g);
    }
    return out;
  }

  /** fontkit's `layout` without shaping: glyphs and their advances (font units), no kerning. */
  layout(text: string): { glyphs: PlainGlyph[]; positions: { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number }[]; advanceWidth: number } {
    const glyphs = this.glyphsForString(text);
    let advanceWidth = 0;
    const positions = glyphs.map((g) => {
      advanceWidth += g.advanceWidth;
      return { xAdvance: g.advanceWidth, yAdvance: 0, xOffset: 0, yOffset: 0 };
    });
    return { glyphs, positions, advanceWidth };
  }

  /** A subset to embed: glyphs are added with `includeGlyph` (returning the new id), `encode` writes it. */
  createSubset(): TrueTypeSubset {
    return new TrueTypeSubset(this, {
      head: this.table('head')!,
      hhea: this.table('hhea')!,
      maxp: this.table('maxp')!,
      cvt: this.table('cvt '),
      fpgm: this.table('fpgm'),
      prep: this.table('prep'),
    });
  }

  /** @internal for the subset: advance and left side bearing of a glyph. */
  metricsOf(id: number): { advance: number; bearing: number } {
    return { advance: this.advanceOf(id), bearing: this.bearingOf(id) };
  }
}

/** Composite glyph flags (OpenType `glyf`). */
const ARG_1_AND_2_ARE_WORDS = 0x0001;
const WE_HAVE_A_SCALE = 0x0008;
const MORE_COMPONENTS = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE = 0x0040;
const WE_HAVE_A_TWO_BY_TWO = 0x0080;

/**
 * A TrueType subset in the making. Glyph 0 (the missing glyph) is always first; the others take
 * the ids 1, 2, … in the order they are included; a composite glyph's components are added after
 * it and its references rewritten to their new ids.
 */
export class TrueTypeSubset {
  private readonly glyphs: number[] = [];
  /** New id of each glyph of the font (−1: not in the subset). */
  private readonly mapping: Int32Array;
  /** Present for pdfkit, which embeds CFF outlines differently; a TrueType subset has none. */
  readonly cff = undefined;

  constructor(
    private readonly font: TrueTypeFont,
    private readonly source: { head: Uint8Array; hhea: Uint8Array; maxp: Uint8Array; cvt: Uint8Array | null; fpgm: Uint8Array | null; prep: Uint8Array | null },
  ) {
    this.mapping = new Int32Array(font.numGlyphs).fill(-1);
    this.includeGlyph(0);
  }

  /** The glyphs included so far (ids in the font), in their order in the subset. */
  get glyphIds(): readonly number[] {
    return this.glyphs;
  }

  /** Adds a glyph (by its id in the font, or a glyph object) and returns its id in the subset. */
  includeGlyph(glyph: number | { id: number }): number {
    const id = typeof glyph === 'number' ? glyph : glyph.id;
    if (id < 0 || id >= this.mapping.length) return 0; // not a glyph of this font: the missing glyph
    let n = this.mapping[id]!;
    if (n < 0) {
      n = this.glyphs.length;
      this.glyphs.push(id);
      this.mapping[id] = n;
    }
    return n;
  }

  /** The subset as a TrueType file (tables sorted by tag, 4-byte aligned, with checksums). */
  encode(): Uint8Array {
    const outlines: Uint8Array[] = [];
    for (let i = 0; i < this.glyphs.length; i++) {
      let g = this.font.glyphBytes(this.glyphs[i]!);
      if (g.length >= 14 && view(g).getInt16(0) < 0) {
        g = copy(g);
        const d = view(g);
        let o = 10;
        for (;;) {
          const flags = d.getUint16(o);
          d.setUint16(o + 2, this.includeGlyph(d.getUint16(o + 2)));
          o += 4 + (flags & ARG_1_AND_2_ARE_WORDS ? 4 : 2);
          if (flags & WE_HAVE_A_SCALE) o += 2;
          else if (flags & WE_HAVE_AN_X_AND_Y_SCALE) o += 4;
          else if (flags & WE_HAVE_A_TWO_BY_TWO) o += 8;
          if (!(flags & MORE_COMPONENTS) || o + 4 > g.length) break;
        }
      }
      outlines.push(g);
    }
    const count = outlines.length;
    const loca = new DataView(new ArrayBuffer(4 * (count + 1)));
    let offset = 0;
    outlines.forEach((g, i) => {
      loca.setUint32(4 * i, offset);
      offset += g.length + (g.length % 2); // glyphs start on even offsets
    });
    loca.setUint32(4 * count, offset);
    const glyf = new Uint8Array(offset);
    let at = 0;
    for (const g of outlines) {
      glyf.set(g, at);
      at += g.length + (g.length % 2);
    }
    const hmtx = new DataView(new ArrayBuffer(4 * count));
    this.glyphs.forEach((id, i) => {
      const m = this.font.metricsOf(id);
      hmtx.setUint16(4 * i, m.advance);
      hmtx.setInt16(4 * i + 2, m.bearing);
    });
    const head = copy(this.source.head);
    view(head).setUint32(8, 0); // checkSumAdjustment, set below
    view(head).setInt16(50, 1); // indexToLocFormat: long offsets
    const hhea = copy(this.source.hhea);
    view(hhea).setUint16(34, count);
    const maxp = copy(this.source.maxp);
    view(maxp).setUint16(4, count);
    const tables: [string, Uint8Array][] = [
      ['cvt ', this.source.cvt],
      ['fpgm', this.source.fpgm],
      ['glyf', glyf],
      ['head', head],
      ['hhea', hhea],
      ['hmtx', new Uint8Array(hmtx.buffer)],
      ['loca', new Uint8Array(loca.buffer)],
      ['maxp', maxp],
      ['prep', this.source.prep],
    ].filter((t): t is [string, Uint8Array] => t[1] !== null);
    return writeSfnt(tables);
  }
}

/** The OpenType table checksum: the sum of the table's big-endian 32-bit words (zero-padded). */
function checksum(bytes: Uint8Array): number {
  let sum = 0;
  const d = view(bytes);
  const whole = bytes.length & ~3;
  for (let i = 0; i < whole; i += 4) sum = (sum + d.getUint32(i)) >>> 0;
  if (whole < bytes.length) {
    let last = 0;
    for (let i = whole; i < whole + 4; i++) last = (last << 8) | (i < bytes.length ? bytes[i]! : 0);
    sum = (sum + (last >>> 0)) >>> 0;
  }
  return sum;
}

/** Writes an SFNT (TrueType) file from tables sorted by tag; sets head.checkSumAdjustment. */
function writeSfnt(tables: readonly [string, Uint8Array][]): Uint8Array {
  const n = tables.length;
  let selector = 0;
  while (1 << (selector + 1) <= n) selector++;
  const searchRange = (1 << selector) * 16;
  const dirLength = 12 + 16 * n;
  const total = tables.reduce((s, [, t]) => s + ((t.length + 3) & ~3), dirLength);
  const out = new Uint8Array(total);
  const d = view(out);
  d.setUint32(0, 0x00010000);
  d.setUint16(4, n);
  d.setUint16(6, searchRange);
  d.setUint16(8, selector);
  d.setUint16(10, n * 16 - searchRange);
  let offset = dirLength;
  let sum = 0;
  tables.forEach(([tag, t], i) => {
    const o = 12 + 16 * i;
    for (let k = 0; k < 4; k++) d.setUint8(o + k, tag.charCodeAt(k));
    const c = checksum(t);
    sum = (sum + c) >>> 0;
    d.setUint32(o + 4, c);
    d.setUint32(o + 8, offset);
    d.setUint32(o + 12, t.length);
    out.set(t, offset);
    offset += (t.length + 3) & ~3;
  });
  // The whole file's sum is the directory's plus every (zero-padded) table's.
  sum = (sum + checksum(out.subarray(0, dirLength))) >>> 0;
  const headAt = d.getUint32(12 + 16 * tables.findIndex(([tag]) => tag === 'head') + 8);
  d.setUint32(headAt + 8, (0xb1b0afba - sum) >>> 0);
  return out;
}

/**
 * Opens a TrueType face for measuring and embedding, reading only its directory and small tables
 * now. `face` picks a face of a TTC by PostScript name. Returns null when the face is not one this
 * module handles (CFF outlines, no `cmap` or none of its Unicode subtables in format 4 or 12, a
 * TTC without the face), so that the caller
 * can use a general font library instead. A TrueType face whose tables hold garbage (sizes,
 * counts or offsets that do not fit) throws a {@link FontFileError} saying what is wrong: every
 * structure read later (metrics, character map, glyph locations) is checked here, so that the
 * font's methods never read past a table.
 */
export function openTrueType(file: FontReader, face?: string): TrueTypeFont | null {
  try {
    return open(file, face);
  } catch (e) {
    if (e instanceof FontFileError) throw e;
    if (e instanceof RangeError) throw new FontFileError('字体文件已损坏（表的内容与其大小不符）');
    throw e;
  }
}

function open(file: FontReader, face?: string): TrueTypeFont | null {
  if (file.size < 12) return null;
  const head = view(file.read(0, 12));
  const magic = tagAt(head, 0);
  let offsets: number[];
  if (magic === 'ttcf') {
    const count = head.getUint32(8);
    if (count === 0 || 12 + 4 * count > file.size) return null;
    const list = view(file.read(12, 4 * count));
    offsets = Array.from({ length: count }, (_, i) => list.getUint32(4 * i));
  } else if (head.getUint32(0) === 0x00010000 || magic === 'true') {
    offsets = [0];
  } else {
    return null;
  }
  const broken = (why: string) => new FontFileError(`字体文件已损坏（${why}）`);
  for (const at of offsets) {
    const tables = directory(file, at);
    if (!tables) throw broken('表超出文件末尾');
    if (face !== undefined && offsets.length > 1) {
      const name = tables.get('name');
      if (!name || postscriptName(file.read(name.offset, name.length)) !== face) continue;
    }
    // Not TrueType outlines (CFF), or without a Unicode character map: for the general library.
    if (!tables.has('glyf') || !tables.has('cmap')) return null;
    for (const tag of ['head', 'hhea', 'maxp', 'hmtx', 'loca']) if (!tables.has(tag)) throw broken(`缺少 ${tag} 表`);
    const size = (tag: string) => tables.get(tag)!.length;
    if (size('head') < 54) throw broken('head 表太短');
    if (size('hhea') < 36) throw broken('hhea 表太短');
    if (size('maxp') < 6) throw broken('maxp 表太短');
    const headTable = view(file.read(tables.get('head')!.offset, 54));
    const unitsPerEm = headTable.getUint16(18);
    if (unitsPerEm < 16 || unitsPerEm > 16384) throw broken(`head 表的 unitsPerEm 为 ${unitsPerEm}，应在 16 到 16384 之间`);
    const hMetrics = view(file.read(tables.get('hhea')!.offset + 34, 2)).getUint16(0);
    if (hMetrics === 0 || size('hmtx') < 4 * hMetrics) throw broken('hmtx 表比 hhea 表写明的短');
    const numGlyphs = view(file.read(tables.get('maxp')!.offset + 4, 2)).getUint16(0);
    if (numGlyphs === 0) throw broken('maxp 表写明没有字形');
    // The loca table must cover every glyph.
    const longLoca = headTable.getInt16(50) === 1;
    if (size('loca') < (numGlyphs + 1) * (longLoca ? 4 : 2)) throw broken('loca 表比字形数短');
    const cmap = tables.get('cmap')!;
    const lookup = unicodeLookup(file.read(cmap.offset, cmap.length));
    if (!lookup) return null;
    return new TrueTypeFont(file, tables, lookup);
  }
  return null;
}

/** The table directory of the face at `at`, or null when a table lies outside the file. */
function directory(file: FontReader, at: number): Map<string, TableEntry> | null {
  const count = view(file.read(at + 4, 2)).getUint16(0);
  if (at + 12 + 16 * count > file.size) return null;
  const d = view(file.read(at + 12, 16 * count));
  const tables = new Map<string, TableEntry>();
  for (let i = 0; i < count; i++) {
    const offset = d.getUint32(16 * i + 8);
    const length = d.getUint32(16 * i + 12);
    if (offset + length > file.size) return null;
    tables.set(tagAt(d, 16 * i), { offset, length });
  }
  return tables;
}
