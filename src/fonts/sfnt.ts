/**
 * Font files in the forms pdfkit can embed correctly: TrueType/OpenType (SFNT) and a named face of
 * a collection (TTC). WOFF is unpacked to SFNT in memory (pdfkit reads WOFF correctly but about a
 * thousand times slower); WOFF2 is refused (pdfkit writes a broken, huge subset from it).
 */
import { inflateSync } from 'node:zlib';

/** The container format of font bytes, from their magic number. */
export type FontContainer = 'sfnt' | 'ttc' | 'woff' | 'woff2' | 'unknown';

/** Reads the magic number. */
export function containerOf(bytes: Uint8Array): FontContainer {
  if (bytes.length < 4) return 'unknown';
  const tag = String.fromCharCode(bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!);
  if (tag === 'wOFF') return 'woff';
  if (tag === 'wOF2') return 'woff2';
  if (tag === 'ttcf') return 'ttc';
  if (tag === 'OTTO' || tag === 'true' || (bytes[0] === 0 && bytes[1] === 1 && bytes[2] === 0 && bytes[3] === 0)) return 'sfnt';
  return 'unknown';
}

/** Unpacks a WOFF 1.0 file into the SFNT it wraps (each table inflated, directory rebuilt). */
export function woffToSfnt(woff: Uint8Array): Uint8Array {
  const buf = Buffer.from(woff.buffer, woff.byteOffset, woff.byteLength);
  if (buf.readUInt32BE(0) !== 0x774f4646) throw new Error('not a WOFF file');
  const flavor = buf.readUInt32BE(4);
  const count = buf.readUInt16BE(12);
  const tables = Array.from({ length: count }, (_, i) => {
    const o = 44 + i * 20;
    const offset = buf.readUInt32BE(o + 4);
    const compLength = buf.readUInt32BE(o + 8);
    const origLength = buf.readUInt32BE(o + 12);
    const raw = buf.subarray(offset, offset + compLength);
    return {
      tag: buf.readUInt32BE(o),
      checksum: buf.readUInt32BE(o + 16),
      data: compLength < origLength ? inflateSync(raw, { maxOutputLength: origLength }) : raw, // never more than the table declares
    };
  });
  let selector = 0;
  while (1 << (selector + 1) <= count) selector++;
  const searchRange = (1 << selector) * 16;
  const header = Buffer.alloc(12 + 16 * count);
  header.writeUInt32BE(flavor, 0);
  header.writeUInt16BE(count, 4);
  header.writeUInt16BE(searchRange, 6);
  header.writeUInt16BE(selector, 8);
  header.writeUInt16BE(count * 16 - searchRange, 10);
  const parts: Buffer[] = [header];
  let offset = header.length;
  tables.forEach((t, i) => {
    const o = 12 + i * 16;
    const pad = (4 - (t.data.length % 4)) % 4;
    header.writeUInt32BE(t.tag, o);
    header.writeUInt32BE(t.checksum, o + 4);
    header.writeUInt32BE(offset, o + 8);
    header.writeUInt32BE(t.data.length, o + 12);
    parts.push(Buffer.from(t.data), Buffer.alloc(pad));
    offset += t.data.length + pad;
  });
  return new Uint8Array(Buffer.concat(parts));
}

/** What a font file says about one of its faces: its names and whether it may be embedded. */
export interface FaceInfo {
  /** The PostScript name (name ID 6), which picks a face out of a TTC. */
  readonly postscriptName: string;
  /** The family name (name ID 16, else 1), in Chinese where the font has it. */
  readonly family: string;
  /** Every family, full and PostScript name the face carries (name IDs 1, 4, 6, 16), in any language. */
  readonly names: readonly string[];
  /** OS/2 fsType (0 when the table is absent). */
  readonly fsType: number;
}

/** Reads `length` bytes at `offset` of a font file (so a 20 MB file need not be read to learn its names). */
export type ReadAt = (offset: number, length: number) => Uint8Array;

/** Why a font file cannot be used, in plain Chinese (thrown as the message of an Error). */
export class FontFileError extends Error {
  override readonly name = 'FontFileError';
}

/**
 * OS/2 fsType bit 1 (0x0002), "Restricted License embedding", is the only setting that forbids
 * putting the font into a PDF; bits 2 and 3 (preview & print, editable) allow it and win when set
 * together with it (OpenType spec, OS/2 table).
 */
export function embeddingAllowed(fsType: number): boolean {
  const permissions = fsType & 0x000f;
  return permissions !== 0x0002;
}

const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

/**
 * The faces of a TTF, OTF, TTC or WOFF file with their names and embedding permission, reading
 * only the table directories, the `name` and the `OS/2` tables.
 */
export function readFaces(readAt: ReadAt): FaceInfo[] {
  const head = readAt(0, 12);
  if (head.length < 12) throw new FontFileError('不是字体文件（文件太短）');
  const container = containerOf(head);
  const d = view(head);
  switch (container) {
    case 'woff2':
      throw new FontFileError('WOFF2 格式的字体无法正确嵌入 PDF，请改用 TTF、OTF 或 WOFF 文件');
    case 'unknown':
      throw new FontFileError('不是字体文件（应为 TTF、OTF、TTC 或 WOFF）');
    case 'ttc': {
      const count = d.getUint32(8);
      const offsets = view(readAt(12, 4 * count));
      return Array.from({ length: count }, (_, i) => sfntFace(readAt, offsets.getUint32(4 * i)));
    }
    case 'woff':
      return [woffFace(readAt)];
    case 'sfnt':
      return [sfntFace(readAt, 0)];
  }
}

function sfntFace(readAt: ReadAt, at: number): FaceInfo {
  const count = view(readAt(at + 4, 2)).getUint16(0);
  const dir = view(readAt(at + 12, 16 * count));
  const tables = new Map<string, Uint8Array>();
  for (let i = 0; i < count; i++) {
    const tag = String.fromCharCode(dir.getUint8(16 * i), dir.getUint8(16 * i + 1), dir.getUint8(16 * i + 2), dir.getUint8(16 * i + 3));
    if (tag === 'name' || tag === 'OS/2') tables.set(tag, readAt(dir.getUint32(16 * i + 8), dir.getUint32(16 * i + 12)));
  }
  return faceFrom(tables);
}

function woffFace(readAt: ReadAt): FaceInfo {
  const count = view(readAt(12, 2)).getUint16(0);
  const dir = view(readAt(44, 20 * count));
  const tables = new Map<string, Uint8Array>();
  for (let i = 0; i < count; i++) {
    const o = 20 * i;
    const tag = String.fromCharCode(dir.getUint8(o), dir.getUint8(o + 1), dir.getUint8(o + 2), dir.getUint8(o + 3));
    if (tag !== 'name' && tag !== 'OS/2') continue;
    const comp = dir.getUint32(o + 8);
    const raw = readAt(dir.getUint32(o + 4), comp);
    const orig = dir.getUint32(o + 12);
    // Unpacked no larger than the size the directory gives (a small table can inflate to gigabytes).
    let table: Uint8Array;
    try {
      table = comp < orig ? new Uint8Array(inflateSync(raw, { maxOutputLength: Math.max(1, orig) })) : raw;
    } catch {
      throw new FontFileError(`字体文件已损坏（WOFF 的 ${tag} 表解压不出或比写明的大）`);
    }
    tables.set(tag, table);
  }
  return faceFrom(tables);
}

function faceFrom(tables: ReadonlyMap<string, Uint8Array>): FaceInfo {
  const os2 = tables.get('OS/2');
  const fsType = os2 && os2.length >= 10 ? view(os2).getUint16(8) : 0;
  const records = nameRecords(tables.get('name'));
  const names = [...new Set(records.filter((r) => [1, 4, 6, 16].includes(r.id)).map((r) => r.text))];
  const families = [...records.filter((r) => r.id === 16), ...records.filter((r) => r.id === 1)].map((r) => r.text);
  const family = families.find((f) => /[\u3400-\u9fff]/u.test(f)) ?? families[0] ?? '';
  return { postscriptName: records.find((r) => r.id === 6)?.text ?? '', family, names, fsType };
}

const gbk = new TextDecoder('gb18030');
const utf16 = new TextDecoder('utf-16be');

/** The readable records of a `name` table. */
function nameRecords(table: Uint8Array | undefined): { id: number; text: string }[] {
  if (!table || table.length < 6) return [];
  const d = view(table);
  const count = d.getUint16(2);
  const strings = d.getUint16(4);
  const out: { id: number; text: string }[] = [];
  for (let i = 0; i < count && 6 + 12 * (i + 1) <= table.length; i++) {
    const o = 6 + 12 * i;
    const [platform, encoding, , id, length, offset] = [0, 2, 4, 6, 8, 10].map((k) => d.getUint16(o + k)) as [number, number, number, number, number, number];
    const bytes = table.subarray(strings + offset, strings + offset + length);
    let text: string | null = null;
    if (platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10 || encoding === 0))) text = utf16.decode(bytes);
    else if (platform === 3 && encoding === 3) {
      // Windows PRC: GB 2312 codes stored as 16-bit units (old 仿宋_GB2312 / 楷体_GB2312 files).
      const packed: number[] = [];
      for (let k = 0; k + 1 < bytes.length; k += 2) {
        if (bytes[k] !== 0) packed.push(bytes[k]!);
        packed.push(bytes[k + 1]!);
      }
      text = gbk.decode(new Uint8Array(packed));
    } else if (platform === 1 && encoding === 25) text = gbk.decode(bytes);
    else if (platform === 1 && encoding === 0) text = String.fromCharCode(...bytes);
    if (text) out.push({ id, text: text.replace(/\0/g, '').trim() });
  }
  return out;
}
