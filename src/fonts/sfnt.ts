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
      data: compLength < origLength ? inflateSync(raw) : raw,
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
