/**
 * The table-by-table TrueType reader and subsetter (src/fonts/truetype.ts), checked against fontkit
 * on the bundled fonts: the same glyph for every character, the same advances and metrics; a subset
 * that fontkit reads back with the same outlines and advances, composite glyphs carried with their
 * components, the same bytes every time, the source font never changed; a TTC face by name; CFF and
 * damaged files left to fontkit (null).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import { woffToSfnt } from '../../src/fonts/sfnt.js';
import { openTrueType, type FontReader, type TrueTypeFont } from '../../src/fonts/truetype.js';
import { readSfnt, renamed, toSfntFile, toTtc, type Sfnt } from './craft.js';

const require = createRequire(import.meta.url);
const FILES = {
  serif: require.resolve('@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf'),
  black: require.resolve('@expo-google-fonts/noto-serif-sc/900Black/NotoSerifSC_900Black.ttf'),
  sans: require.resolve('@expo-google-fonts/noto-sans-sc/500Medium/NotoSansSC_500Medium.ttf'),
};
const KAI = woffToSfnt(readFileSync(require.resolve('@fontsource/lxgw-wenkai/files/lxgw-wenkai-latin-500-normal.woff')));

/** A reader over bytes in memory, counting what it reads. */
function reader(bytes: Uint8Array): FontReader & { readBytes: number } {
  const r = {
    size: bytes.byteLength,
    readBytes: 0,
    read(offset: number, length: number) {
      if (offset + length > bytes.byteLength) throw new RangeError('past the end');
      r.readBytes += length;
      return bytes.subarray(offset, offset + length);
    },
  };
  return r;
}

const fonts: [string, Uint8Array][] = [
  ...Object.entries(FILES).map(([k, f]) => [k, readFileSync(f)] as [string, Uint8Array]),
  ['kai', KAI],
];

/** Every character a report may hold: GB 2312 hanzi, ASCII, CJK and full-width punctuation. */
function characters(): number[] {
  const d = new TextDecoder('gb18030');
  const out: number[] = [];
  for (let a = 0xa1; a <= 0xf7; a++) {
    for (let b = 0xa1; b <= 0xfe; b++) {
      const s = d.decode(new Uint8Array([a, b]));
      if ([...s].length === 1) out.push(s.codePointAt(0)!);
    }
  }
  for (let c = 0x20; c < 0x7f; c++) out.push(c);
  out.push(0x20ba6 /* 𠮷, outside the BMP */, 0xffff, 0x10ffff);
  return out;
}

const glyphBytesOf = (font: TrueTypeFont, id: number) => Buffer.from(font.glyphBytes(id)).toString('hex');

describe('TrueType fonts read table by table', () => {
  for (const [name, bytes] of fonts) {
    it(`${name}: the same glyphs, advances and metrics as fontkit, reading a small part of the file`, () => {
      const r = reader(bytes);
      const ours = openTrueType(r)!;
      expect(ours).not.toBeNull();
      const theirs = fontkit.create(Buffer.from(bytes)) as fontkit.Font;
      for (const cp of characters()) {
        const id = ours.glyphFor(cp);
        const g = theirs.glyphForCodePoint(cp);
        expect([cp, id]).toEqual([cp, g.id]);
        if (cp % 7 === 0) expect([cp, ours.advanceOf(id)]).toEqual([cp, g.advanceWidth]);
      }
      expect({
        unitsPerEm: ours.unitsPerEm,
        ascent: ours.ascent,
        descent: ours.descent,
        lineGap: ours.lineGap,
        capHeight: ours.capHeight,
        xHeight: ours.xHeight,
        italicAngle: ours.italicAngle,
        bbox: { ...ours.bbox },
        postscriptName: ours.postscriptName,
        numGlyphs: ours.numGlyphs,
      }).toEqual({
        unitsPerEm: theirs.unitsPerEm,
        ascent: theirs.ascent,
        descent: theirs.descent,
        lineGap: theirs.lineGap,
        capHeight: theirs.capHeight,
        xHeight: theirs.xHeight,
        italicAngle: theirs.italicAngle,
        bbox: { minX: theirs.bbox.minX, minY: theirs.bbox.minY, maxX: theirs.bbox.maxX, maxY: theirs.bbox.maxY },
        postscriptName: theirs.postscriptName,
        numGlyphs: theirs.numGlyphs,
      });
      // The dash of the page number: its ink top as fontkit measures the glyph box.
      expect(ours.inkTopOf(ours.glyphFor(0x2014))).toBe(theirs.glyphForCodePoint(0x2014).bbox.maxY);
      // The outlines (glyf) were not read to answer all this: a small part of the file was.
      expect(r.readBytes).toBeLessThan(bytes.byteLength / 4);
    });
  }

  it('a subset keeps each glyph’s outline and advance, is the same every time, and leaves the font as it was', () => {
    const bytes = fonts[0]![1];
    const font = openTrueType(reader(bytes))!;
    const text = '瓦房镇人民政府2024年法治政府建设年度报告，。（一）— 1 —';
    const make = () => {
      const subset = font.createSubset();
      const ids = [...text].map((c) => subset.includeGlyph(font.glyphFor(c.codePointAt(0)!)));
      return { ids, bytes: subset.encode() };
    };
    const a = make();
    const b = make();
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    const distinct = new Set([...text].map((c) => font.glyphFor(c.codePointAt(0)!)));
    const sub = fontkit.create(Buffer.from(a.bytes)) as fontkit.Font;
    expect(sub.numGlyphs).toBe(distinct.size + 1); // and the missing glyph, first
    const back = openTrueType(reader(a.bytes));
    // The subset has no cmap (a PDF maps codes to glyphs itself): read its glyphs by id.
    expect(back).toBeNull();
    const full = fontkit.create(Buffer.from(bytes)) as fontkit.Font;
    [...text].forEach((c, i) => {
      const original = full.glyphForCodePoint(c.codePointAt(0)!);
      const copied = sub.getGlyph(a.ids[i]!);
      expect([c, copied.advanceWidth]).toEqual([c, original.advanceWidth]);
      expect([c, copied.path.toSVG()]).toEqual([c, original.path.toSVG()]);
    });
    // The whole-file checksum rule of OpenType: head.checkSumAdjustment makes the sum 0xB1B0AFBA.
    let sum = 0;
    const d = new DataView(a.bytes.buffer, a.bytes.byteOffset, a.bytes.byteLength);
    for (let i = 0; i < a.bytes.length; i += 4) sum = (sum + d.getUint32(i)) >>> 0;
    expect(sum).toBe(0xb1b0afba);
    // Encoding changed nothing in the font it was made from (its tables are shared, not copied).
    const again = openTrueType(reader(bytes))!;
    expect(again.numGlyphs).toBe(font.numGlyphs);
    expect(again.glyphFor(0x74e6)).toBe(font.glyphFor(0x74e6));
  });

  it('a composite glyph brings its components, renumbered, into the subset', () => {
    const base = readSfnt(FILES.serif);
    const [a, b] = [0x4e00, 0x4e8c].map((cp) => (fontkit.create(readFileSync(FILES.serif)) as fontkit.Font).glyphForCodePoint(cp).id) as [number, number];
    const crafted = withComposite(base, [a, b]);
    const font = openTrueType(reader(toSfntFile(crafted.font)))!;
    const subset = font.createSubset();
    expect(subset.includeGlyph(crafted.id)).toBe(1);
    const bytes = subset.encode();
    const sub = openTrueTypeGlyphs(bytes);
    expect(sub.count).toBe(4); // missing glyph, the composite, its two components
    const composite = sub.glyph(1);
    const view = new DataView(composite.buffer, composite.byteOffset, composite.byteLength);
    expect(view.getInt16(0)).toBe(-1);
    expect([view.getUint16(12), view.getUint16(12 + 8)]).toEqual([2, 3]);
    // The same outline bytes (a glyph of odd length is followed by one byte of padding).
    for (const [id, original] of [[2, a], [3, b]] as const) {
      const g = sub.glyph(id);
      const want = glyphBytesOf(font, original);
      expect(g.length - want.length / 2).toBeLessThanOrEqual(1);
      expect(Buffer.from(g.subarray(0, want.length / 2)).toString('hex')).toBe(want);
    }
    const parsed = fontkit.create(Buffer.from(bytes)) as fontkit.Font;
    expect(parsed.getGlyph(1).path.commands.length).toBe(
      parsed.getGlyph(2).path.commands.length + parsed.getGlyph(3).path.commands.length,
    );
  });

  it('picks a TTC face by PostScript name, leaves CFF fonts to fontkit, and says what is wrong with a damaged file', () => {
    const serif = readSfnt(FILES.serif);
    const sans = readSfnt(FILES.sans);
    const ttc = toTtc([renamed(sans, { family: '黑体', postscript: 'SimHei' }), renamed(serif, { family: '宋体', postscript: 'SimSun' })]);
    const sim = openTrueType(reader(ttc), 'SimSun')!;
    expect(sim.postscriptName).toBe('SimSun');
    expect(sim.numGlyphs).toBe((fontkit.create(readFileSync(FILES.serif)) as fontkit.Font).numGlyphs);
    expect(openTrueType(reader(ttc), 'SimHei')!.postscriptName).toBe('SimHei');
    expect(openTrueType(reader(ttc), 'KaiTi')).toBeNull();
    expect(openTrueType(reader(toSfntFile({ flavor: 0x4f54544f, tables: serif.tables })))).toBeNull(); // OTTO
    const bytes = readFileSync(FILES.serif);
    expect(() => openTrueType(reader(bytes.subarray(0, 100_000)))).toThrow('字体文件已损坏（表超出文件末尾）');
    expect(openTrueType(reader(bytes.subarray(0, 8)))).toBeNull();
    const noCmap = new Map(serif.tables);
    noCmap.delete('cmap');
    expect(openTrueType(reader(toSfntFile({ flavor: serif.flavor, tables: noCmap })))).toBeNull();
  });
});

/** The font with its last glyph replaced by a composite of `components` (offset side by side). */
function withComposite(font: Sfnt, components: readonly number[]): { font: Sfnt; id: number } {
  const head = font.tables.get('head')!;
  const long = head.readInt16BE(50) === 1;
  const loca = font.tables.get('loca')!;
  const glyf = font.tables.get('glyf')!;
  const count = font.tables.get('maxp')!.readUInt16BE(4);
  const last = count - 1;
  const offsetOf = (i: number) => (long ? loca.readUInt32BE(4 * i) : loca.readUInt16BE(2 * i) * 2);
  const start = offsetOf(last);
  const record = Buffer.alloc(10 + 8 * components.length);
  record.writeInt16BE(-1, 0);
  components.forEach((id, i) => {
    const o = 10 + 8 * i;
    // ARG_1_AND_2_ARE_WORDS | ARGS_ARE_XY_VALUES, and MORE_COMPONENTS on all but the last
    record.writeUInt16BE(0x0001 | 0x0002 | (i < components.length - 1 ? 0x0020 : 0), o);
    record.writeUInt16BE(id, o + 2);
    record.writeInt16BE(i * 500, o + 4);
    record.writeInt16BE(0, o + 6);
  });
  const newGlyf = Buffer.concat([glyf.subarray(0, start), record]);
  const newLoca = Buffer.from(loca);
  if (long) newLoca.writeUInt32BE(newGlyf.length, 4 * count);
  else newLoca.writeUInt16BE(newGlyf.length / 2, 2 * count);
  const tables = new Map(font.tables);
  tables.set('glyf', newGlyf);
  tables.set('loca', newLoca);
  return { font: { flavor: font.flavor, tables }, id: last };
}

/** The glyphs of a subset (by id) through its own loca and glyf. */
function openTrueTypeGlyphs(bytes: Uint8Array): { count: number; glyph(id: number): Uint8Array } {
  const buf = Buffer.from(bytes);
  const tables = new Map<string, Buffer>();
  for (let i = 0; i < buf.readUInt16BE(4); i++) {
    const o = 12 + 16 * i;
    tables.set(buf.toString('latin1', o, o + 4), buf.subarray(buf.readUInt32BE(o + 8), buf.readUInt32BE(o + 8) + buf.readUInt32BE(o + 12)));
  }
  const loca = tables.get('loca')!;
  const glyf = tables.get('glyf')!;
  return {
    count: tables.get('maxp')!.readUInt16BE(4),
    glyph: (id) => glyf.subarray(loca.readUInt32BE(4 * id), loca.readUInt32BE(4 * id + 4)),
  };
}
