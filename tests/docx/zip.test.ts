/**
 * The DOCX package's zip (src/render/docx/zip.ts): read back by an independent unzipper (fflate)
 * and by Info-ZIP's `unzip -t` when installed, dated as asked, in the parts' order, the same bytes
 * for the same input.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { zipPackage, type PackagePart } from '../../src/render/docx/zip.js';

const DATE = new Date('2025-01-20T10:30:44Z');
const PARTS: PackagePart[] = [
  ['[Content_Types].xml', '<?xml version="1.0"?><Types/>'],
  ['word/document.xml', `<w:document>${'瓦房镇人民政府2024年法治政府建设年度报告。'.repeat(200)}</w:document>`],
  ['word/media/空.bin', new Uint8Array(0)],
  ['word/media/bytes.bin', new Uint8Array([0, 1, 2, 255, 254])],
];

/** The central directory's entries: name, DOS time and date, flags. */
function directory(zip: Uint8Array): { name: string; time: number; day: number; flags: number }[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const eocd = zip.length - 22;
  expect(view.getUint32(eocd, true)).toBe(0x06054b50);
  const out = [];
  let at = view.getUint32(eocd + 16, true);
  for (let n = view.getUint16(eocd + 10, true); n > 0; n--) {
    expect(view.getUint32(at, true)).toBe(0x02014b50);
    const len = view.getUint16(at + 28, true);
    out.push({
      name: Buffer.from(zip.subarray(at + 46, at + 46 + len)).toString('utf8'),
      time: view.getUint16(at + 12, true),
      day: view.getUint16(at + 14, true),
      flags: view.getUint16(at + 8, true),
    });
    at += 46 + len;
  }
  return out;
}

describe('zipPackage', () => {
  it('writes every part, in order, readable by another unzipper', () => {
    const zip = zipPackage(PARTS, DATE);
    const back = unzipSync(zip);
    expect(Object.keys(back)).toEqual(PARTS.map(([p]) => p));
    expect(strFromU8(back['word/document.xml']!)).toBe(PARTS[1]![1]);
    expect([...back['word/media/空.bin']!]).toEqual([]);
    expect([...back['word/media/bytes.bin']!]).toEqual([0, 1, 2, 255, 254]);
    expect(zip.length).toBeLessThan(2000); // compressed: the repeated sentence is 12 KB
  });

  it('dates every entry with the given date (UTC, DOS format) and flags non-ASCII names as UTF-8', () => {
    const entries = directory(zipPackage(PARTS, DATE));
    for (const e of entries) {
      expect(e.time).toBe((10 << 11) | (30 << 5) | 22);
      expect(e.day).toBe(((2025 - 1980) << 9) | (1 << 5) | 20);
      expect(e.flags).toBe(e.name === 'word/media/空.bin' ? 0x0800 : 0);
    }
  });

  it('gives the same bytes for the same parts and date, and keeps a repeated path in its first place with its last data', () => {
    expect(Buffer.from(zipPackage(PARTS, DATE)).equals(Buffer.from(zipPackage(PARTS, DATE)))).toBe(true);
    const zip = zipPackage([...PARTS, ['[Content_Types].xml', '<Types v="2"/>']], DATE);
    const back = unzipSync(zip);
    expect(Object.keys(back)).toEqual(PARTS.map(([p]) => p));
    expect(strFromU8(back['[Content_Types].xml']!)).toBe('<Types v="2"/>');
  });

  it('passes unzip -t (Info-ZIP) when it is installed', () => {
    let unzip = true;
    try {
      execFileSync('unzip', ['-v'], { stdio: 'ignore' });
    } catch {
      unzip = false;
    }
    if (!unzip) return;
    const dir = mkdtempSync(path.join(tmpdir(), 'report-zip-'));
    try {
      const file = path.join(dir, 'a.docx');
      writeFileSync(file, zipPackage(PARTS, DATE));
      expect(execFileSync('unzip', ['-t', file], { encoding: 'utf8' })).toContain('No errors detected');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
