/**
 * Crafting font files for tests from the bundled fonts: a copy under other names (as if it were
 * 黑体 or 仿宋_GB2312), with another OS/2 fsType, or several faces bound into a TTC.
 */
import { readFileSync } from 'node:fs';

/** The tables of an SFNT file, by tag, and its flavour (0x00010000 or 'OTTO'). */
export interface Sfnt {
  readonly flavor: number;
  readonly tables: Map<string, Buffer>;
}

/** Splits an SFNT file into its tables. */
export function readSfnt(file: string): Sfnt {
  const buf = readFileSync(file);
  const count = buf.readUInt16BE(4);
  const tables = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const o = 12 + 16 * i;
    tables.set(buf.toString('latin1', o, o + 4), buf.subarray(buf.readUInt32BE(o + 8), buf.readUInt32BE(o + 8) + buf.readUInt32BE(o + 12)));
  }
  return { flavor: buf.readUInt32BE(0), tables };
}

/** A `name` table holding `names` (name ID → text) in Windows Unicode, for zh-CN and en-US. */
export function nameTable(names: Readonly<Record<number, string>>): Buffer {
  const records: { lang: number; id: number; data: Buffer }[] = [];
  for (const lang of [0x0409, 0x0804]) {
    for (const [id, text] of Object.entries(names)) {
      records.push({ lang, id: Number(id), data: Buffer.from(text, 'utf16le').swap16() });
    }
  }
  records.sort((a, b) => a.lang - b.lang || a.id - b.id);
  const header = Buffer.alloc(6 + 12 * records.length);
  header.writeUInt16BE(0, 0);
  header.writeUInt16BE(records.length, 2);
  header.writeUInt16BE(header.length, 4);
  let offset = 0;
  records.forEach((r, i) => {
    const o = 6 + 12 * i;
    header.writeUInt16BE(3, o);
    header.writeUInt16BE(1, o + 2);
    header.writeUInt16BE(r.lang, o + 4);
    header.writeUInt16BE(r.id, o + 6);
    header.writeUInt16BE(r.data.length, o + 8);
    header.writeUInt16BE(offset, o + 10);
    offset += r.data.length;
  });
  return Buffer.concat([header, ...records.map((r) => r.data)]);
}

/** The font with its names replaced and, when given, its OS/2 fsType. */
export function renamed(font: Sfnt, names: { family: string; full?: string; postscript: string }, fsType?: number): Sfnt {
  const tables = new Map(font.tables);
  tables.set('name', nameTable({ 1: names.family, 4: names.full ?? names.family, 6: names.postscript }));
  if (fsType !== undefined) {
    const os2 = Buffer.from(tables.get('OS/2')!);
    os2.writeUInt16BE(fsType, 8);
    tables.set('OS/2', os2);
  }
  return { flavor: font.flavor, tables };
}

/** Writes an SFNT whose table offsets count from `base` (its position inside a TTC). */
function sfntBytes(font: Sfnt, base: number): Buffer {
  const tags = [...font.tables.keys()].sort();
  const n = tags.length;
  let sel = 0;
  while (1 << (sel + 1) <= n) sel++;
  const header = Buffer.alloc(12 + 16 * n);
  header.writeUInt32BE(font.flavor, 0);
  header.writeUInt16BE(n, 4);
  header.writeUInt16BE((1 << sel) * 16, 6);
  header.writeUInt16BE(sel, 8);
  header.writeUInt16BE(n * 16 - (1 << sel) * 16, 10);
  const parts: Buffer[] = [header];
  let offset = base + header.length;
  tags.forEach((tag, i) => {
    const data = font.tables.get(tag)!;
    const pad = (4 - (data.length % 4)) % 4;
    header.write(tag, 12 + 16 * i, 'latin1');
    header.writeUInt32BE(offset, 12 + 16 * i + 8);
    header.writeUInt32BE(data.length, 12 + 16 * i + 12);
    parts.push(data, Buffer.alloc(pad));
    offset += data.length + pad;
  });
  return Buffer.concat(parts);
}

/** An SFNT file. */
export const toSfntFile = (font: Sfnt): Buffer => sfntBytes(font, 0);

/** A TTC holding the faces in order. */
export function toTtc(faces: readonly Sfnt[]): Buffer {
  const header = Buffer.alloc(12 + 4 * faces.length);
  header.write('ttcf', 0, 'latin1');
  header.writeUInt32BE(0x00010000, 4);
  header.writeUInt32BE(faces.length, 8);
  const parts: Buffer[] = [header];
  let offset = header.length;
  faces.forEach((face, i) => {
    header.writeUInt32BE(offset, 12 + 4 * i);
    const bytes = sfntBytes(face, offset);
    parts.push(bytes);
    offset += bytes.length;
  });
  return Buffer.concat(parts);
}
