/**
 * The DOCX package, reproducible. The `docx` library builds the parts (the XML files) and would
 * stamp the current time into docProps/core.xml and into every zip entry; it also compresses with
 * fflate's DEFLATE in JavaScript. The core properties are handed to it ready-made (see
 * {@link coreXml}), and the parts are zipped here ({@link zipPackage}) with Node's own zlib, dated
 * with the given date: some 20 ms less on every DOCX than fflate, and no second pass to set dates.
 */
import { Buffer } from 'node:buffer';
import { crc32, deflateRawSync } from 'node:zlib';
import { escapeXml } from './styles.js';

/** docProps/core.xml with fixed dates. */
export function coreXml(meta: { title: string; creator: string }, date: Date): string {
  const iso = new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
    'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${escapeXml(meta.title)}</dc:title><dc:creator>${escapeXml(meta.creator)}</dc:creator>` +
    `<cp:lastModifiedBy>${escapeXml(meta.creator)}</cp:lastModifiedBy><cp:revision>1</cp:revision>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${iso}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${iso}</dcterms:modified>` +
    '</cp:coreProperties>'
  );
}

/** The DOS date and time of `date` (UTC wall time; zip has no time zone), clamped to 1980–2107. */
function dosDateTime(date: Date): { time: number; day: number } {
  const d = new Date(Math.min(Math.max(date.getTime(), Date.UTC(1980, 0, 1)), Date.UTC(2107, 11, 31, 23, 59, 58)));
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1),
    day: ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}

/** A part of the package: its path inside the zip and its content (text is written as UTF-8). */
export type PackagePart = readonly [path: string, data: string | Uint8Array];

/**
 * Zips the parts of an OOXML package (ECMA-376 Part 2; the zip format of PKWARE's APPNOTE 6.3):
 * each part compressed with DEFLATE by Node's zlib (level 6), in the order given, every entry dated
 * `date`, no extra fields or comments. The same parts and date always give the same bytes with the
 * same zlib (as the PDF's streams, which pdfkit compresses with it too). A path given twice keeps
 * its first place and its last data. Names that are not ASCII are flagged as UTF-8 (bit 11).
 * Throws when the package would need ZIP64 (over 4 GB or 65,535 parts), which no report reaches.
 */
export function zipPackage(parts: Iterable<PackagePart>, date: Date): Uint8Array {
  const byPath = new Map<string, string | Uint8Array>();
  for (const [p, data] of parts) byPath.set(p, data);
  const { time, day } = dosDateTime(date);
  const entries: { name: Buffer; data: Buffer; crc: number; size: number; offset: number; utf8: boolean }[] = [];
  let offset = 0;
  for (const [p, content] of byPath) {
    const raw = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const name = Buffer.from(p, 'utf8');
    const data = deflateRawSync(raw, { level: 6 });
    entries.push({ name, data, crc: crc32(raw), size: raw.byteLength, offset, utf8: name.length !== p.length });
    offset += 30 + name.length + data.length;
  }
  const directory = entries.reduce((n, e) => n + 46 + e.name.length, 0);
  if (entries.length > 0xffff || offset + directory > 0xffffffff) throw new Error('the DOCX package is too large for a zip without ZIP64');
  const out = Buffer.alloc(offset + directory + 22);
  let at = 0;
  const header = (signature: number, e: (typeof entries)[number], central: boolean) => {
    at = out.writeUInt32LE(signature, at);
    if (central) at = out.writeUInt16LE(20, at); // made by: MS-DOS attributes, zip 2.0
    at = out.writeUInt16LE(20, at); // needed to extract: zip 2.0 (DEFLATE)
    at = out.writeUInt16LE(e.utf8 ? 0x0800 : 0, at);
    at = out.writeUInt16LE(8, at); // DEFLATE
    at = out.writeUInt16LE(time, at);
    at = out.writeUInt16LE(day, at);
    at = out.writeUInt32LE(e.crc, at);
    at = out.writeUInt32LE(e.data.length, at);
    at = out.writeUInt32LE(e.size, at);
    at = out.writeUInt16LE(e.name.length, at);
    at = out.writeUInt16LE(0, at); // extra field
    if (central) {
      at = out.writeUInt16LE(0, at); // comment
      at = out.writeUInt16LE(0, at); // disk
      at = out.writeUInt16LE(0, at); // internal attributes
      at = out.writeUInt32LE(0, at); // external attributes
      at = out.writeUInt32LE(e.offset, at);
    }
    at += e.name.copy(out, at);
  };
  for (const e of entries) {
    header(0x04034b50, e, false);
    at += e.data.copy(out, at);
  }
  for (const e of entries) header(0x02014b50, e, true);
  at = out.writeUInt32LE(0x06054b50, at);
  at = out.writeUInt16LE(0, at); // this disk
  at = out.writeUInt16LE(0, at); // the directory's disk
  at = out.writeUInt16LE(entries.length, at);
  at = out.writeUInt16LE(entries.length, at);
  at = out.writeUInt32LE(directory, at);
  at = out.writeUInt32LE(offset, at);
  out.writeUInt16LE(0, at); // comment
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}
