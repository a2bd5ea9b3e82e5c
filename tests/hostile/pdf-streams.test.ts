/**
 * Every PDF stream filter counts toward the decoded-bytes limit of `report text` (issue: hostile
 * input, family 2): LZW, RunLength, ASCII85 and ASCIIHex as well as Flate, chained, behind `#xx`
 * escapes in the filter's name, the short key /F, or an indirect reference; encrypted PDFs and
 * structures that cannot be checked are refused with their own message. Bombs go through the real
 * CLI; the decoders are checked against known data (property).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/cli/files.js';
import { MAX_DEPTH, measurePdfStreams } from '../../src/cli/pdf-streams.js';
import { copySample, runCliAsync } from '../helpers/cli.js';
import { pdfFile as pdf } from '../helpers/pdf-file.js';


const CATALOG = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [] /Count 0 >>'];

/** A stream object with `dict` (without /Length, which is added) and `data`. */
const stream = (dict: string, data: Buffer) => Buffer.concat([Buffer.from(`<< /Length ${data.length} ${dict} >>\nstream\n`), data, Buffer.from('\nendstream')]);

/** Packs codes into bits, most significant first, as LZWDecode reads them. */
class BitWriter {
  private bytes: number[] = [];
  private acc = 0;
  private n = 0;
  write(code: number, width: number): void {
    this.acc = (this.acc << width) | code;
    this.n += width;
    while (this.n >= 8) {
      this.n -= 8;
      this.bytes.push((this.acc >>> this.n) & 0xff);
    }
    this.acc &= (1 << this.n) - 1;
  }
  done(): Buffer {
    if (this.n > 0) this.bytes.push((this.acc << (8 - this.n)) & 0xff);
    return Buffer.from(this.bytes);
  }
}

/**
 * An LZW encoder (EarlyChange 1) that writes each code with the width the decoder will read it
 * with: the decoder adds a table entry for every code but the first after a clear.
 */
class LzwWriter {
  readonly bits = new BitWriter();
  private width = 9;
  private decNext = 258;
  private count = 0;
  emit(code: number): void {
    this.bits.write(code, this.width);
    if (this.count++ > 0) {
      this.decNext++;
      if (((this.decNext + 1) & this.decNext) === 0) this.width = Math.min(Math.log2(this.decNext + 1) + 1, 12);
    }
  }
  end(): void {
    this.bits.write(257, this.width);
  }
  clear(): void {
    this.bits.write(256, this.width);
    this.width = 9;
    this.decNext = 258;
    this.count = 0;
  }
}

/** LZW for arbitrary bytes (a table clear when it is full). */
function lzwEncode(data: Uint8Array): Buffer {
  const w = new LzwWriter();
  let table = new Map<number, number>();
  let next = 258;
  let prefix = -1;
  for (const byte of data) {
    if (prefix < 0) {
      prefix = byte;
      continue;
    }
    const key = prefix * 256 + byte;
    const found = table.get(key);
    if (found !== undefined) {
      prefix = found;
      continue;
    }
    w.emit(prefix);
    table.set(key, next++);
    prefix = byte;
    if (next >= 4000) {
      w.emit(prefix);
      prefix = -1;
      w.clear();
      table = new Map();
      next = 258;
    }
  }
  if (prefix >= 0) w.emit(prefix);
  w.end();
  return w.bits.done();
}

/** LZW data that decodes to about `cycles` × 7.3 MB of zeros (a run of zeros codes as 0, 258, 259, …). */
function lzwZeros(cycles: number): Buffer {
  const w = new LzwWriter();
  for (let c = 0; c < cycles; c++) {
    w.emit(0);
    for (let code = 258; code < 4090; code++) w.emit(code);
    w.clear();
  }
  return w.bits.done();
}

const ascii85 = (data: Buffer): Buffer => {
  let out = '';
  for (let i = 0; i < data.length; i += 4) {
    const chunk = Buffer.alloc(4);
    data.copy(chunk, 0, i, Math.min(i + 4, data.length));
    let v = chunk.readUInt32BE(0);
    const n = Math.min(4, data.length - i);
    if (v === 0 && n === 4) {
      out += 'z';
      continue;
    }
    const digits: string[] = [];
    for (let k = 0; k < 5; k++) {
      digits.unshift(String.fromCharCode((v % 85) + 33));
      v = Math.floor(v / 85);
    }
    out += digits.slice(0, n + 1).join('');
  }
  return Buffer.from(`${out}~>`);
};

describe('the decoders count what a reader would decode', () => {
  it('LZW, RunLength, ASCII85, ASCIIHex and Flate, alone and chained, give the data back (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.boolean(), (data, runs) => {
        const bytes = Buffer.from(runs ? data.map((b, i) => (i % 7 < 5 ? 0 : b)) : data);
        const rl = Buffer.concat([...Array.from({ length: Math.ceil(bytes.length / 100) }, (_, i) => {
          const part = bytes.subarray(i * 100, i * 100 + 100);
          return Buffer.concat([Buffer.from([part.length - 1]), part]);
        }), Buffer.from([128])]);
        const cases: [string, Buffer][] = [
          ['/Filter /LZWDecode', lzwEncode(bytes)],
          ['/Filter /RunLengthDecode', rl],
          ['/Filter /ASCII85Decode', ascii85(bytes)],
          ['/Filter /ASCIIHexDecode', Buffer.from(`${bytes.toString('hex')}>`)],
          ['/Filter /FlateDecode', deflateSync(bytes)],
          ['/Filter [/ASCII85Decode /LZWDecode]', ascii85(lzwEncode(bytes))],
          ['/Filter [/ASCIIHexDecode /FlateDecode]', Buffer.from(deflateSync(bytes).toString('hex'))],
        ];
        for (const [dict, data] of cases) {
          const v = measurePdfStreams(pdf([...CATALOG, stream(dict, data)]), LIMITS.pdfStreams);
          expect(v, dict).toEqual({ ok: true, decoded: bytes.length });
        }
      }),
      { numRuns: 60, seed: 15 },
    );
  });

  it('counts a filter it does not decode by its raw length, and an unfiltered stream as it is', () => {
    const data = Buffer.alloc(1000, 7);
    expect(measurePdfStreams(pdf([...CATALOG, stream('/Filter /DCTDecode', data)]), 10_000)).toEqual({ ok: true, decoded: 1000 });
    expect(measurePdfStreams(pdf([...CATALOG, stream('/Filter /NoSuchDecode', data)]), 10_000)).toEqual({ ok: true, decoded: 1000 });
    expect(measurePdfStreams(pdf([...CATALOG, stream('', data)]), 10_000)).toEqual({ ok: true, decoded: 1000 });
    // A decodable filter after one that is not decoded is not reached: the input is counted.
    expect(measurePdfStreams(pdf([...CATALOG, stream('/Filter [/DCTDecode /LZWDecode]', data)]), 10_000)).toEqual({ ok: true, decoded: 1000 });
  });

  it('reads the filter as a reader does: #xx escapes, the short key /F, an indirect name or array', () => {
    const bomb = lzwZeros(1); // about 7.3 MB
    const limit = 1024 * 1024;
    for (const dict of ['/Filter /LZ#57Decode', '/F /LZW', '/Filter 4 0 R', '/Filter [4 0 R]', '/Filter 5 0 R']) {
      const v = measurePdfStreams(pdf([...CATALOG, stream(dict, bomb), '/LZWDecode', '[/LZWDecode]']), limit);
      expect(v, dict).toMatchObject({ ok: false, reason: 'too-large' });
    }
  });

  it('uses /Length when it is right, also when the data holds the word endstream', () => {
    // RunLength: a literal run of the 9 bytes "endstream", then 2 MB of zeros from 32 KB.
    const bomb = Buffer.concat([Buffer.from([8]), Buffer.from('endstream'), Buffer.alloc(32 * 1024, Buffer.from([0x81, 0x00]))]);
    const v = measurePdfStreams(pdf([...CATALOG, stream('/Filter /RunLengthDecode', bomb)]), 1024 * 1024);
    expect(v).toMatchObject({ ok: false, reason: 'too-large' });
  });

  it('counts a stream as often as it is referenced: in the file and inside an object stream', () => {
    const content = stream('/Filter /FlateDecode', deflateSync(Buffer.alloc(1024 * 1024, 'BT ET\n'))); // object 3: 1 MB decoded
    const pages = Array.from({ length: 300 }, () => '<< /Type /Page /Parent 2 0 R /Contents 3 0 R >>');
    expect(measurePdfStreams(pdf([...CATALOG, content, ...pages.slice(0, 10)]), LIMITS.pdfStreams)).toEqual({ ok: true, decoded: 10 * 1024 * 1024 });
    expect(measurePdfStreams(pdf([...CATALOG, content, ...pages]), LIMITS.pdfStreams)).toMatchObject({ ok: false, reason: 'too-large' });
    // The same 300 references inside a compressed object stream.
    const inside = pages.join('\n');
    const objStm = stream(`/Type /ObjStm /N 300 /First 0 /Filter /FlateDecode`, deflateSync(Buffer.from(inside)));
    expect(measurePdfStreams(pdf([...CATALOG, content, objStm]), LIMITS.pdfStreams)).toMatchObject({ ok: false, reason: 'too-large' });
  });

  it('refuses an encrypted PDF, and objects nested past the limit', () => {
    expect(measurePdfStreams(pdf(CATALOG, '/Encrypt 9 0 R '), LIMITS.pdfStreams)).toMatchObject({ ok: false, reason: 'encrypted' });
    const deep = `${'['.repeat(MAX_DEPTH + 5)}${']'.repeat(MAX_DEPTH + 5)}`;
    expect(measurePdfStreams(pdf([...CATALOG, deep]), LIMITS.pdfStreams)).toMatchObject({ ok: false, reason: 'structure' });
  });

  it('refuses objects written inside each other to make the scan quadratic, in linear time', () => {
    const overlapping = Buffer.from(`%PDF-1.4\n${'1 0 obj [ '.repeat(200_000)}`);
    expect(measurePdfStreams(overlapping, LIMITS.pdfStreams)).toMatchObject({ ok: false, reason: 'structure' });
  });
});

describe('report text refuses PDF bombs of every filter', () => {
  const cases: [string, () => Buffer][] = [
    // 40 cycles: about 294 MB of zeros from 220 KB.
    ['LZW', () => pdf([...CATALOG, stream('/Filter /LZWDecode', lzwZeros(40))])],
    // 128 zeros from every two bytes: 288 MB from 4.5 MB.
    ['RunLength', () => pdf([...CATALOG, stream('/Filter /RunLengthDecode', Buffer.alloc(4.5 * 1024 * 1024, Buffer.from([0x81, 0x00])))])],
    // Flate then RunLength: the RunLength data compresses a thousandfold.
    ['Flate + RunLength', () => pdf([...CATALOG, stream('/Filter [/FlateDecode /RunLengthDecode]', deflateSync(Buffer.alloc(4.5 * 1024 * 1024, Buffer.from([0x81, 0x00]))))])],
    ['ASCII85 + LZW', () => pdf([...CATALOG, stream('/Filter [/ASCII85Decode /LZWDecode]', ascii85(lzwZeros(40)))])],
    ['ASCIIHex + LZW, split over several streams', () => pdf([...CATALOG, ...Array.from({ length: 4 }, () => stream('/Filter [/AHx /LZW]', Buffer.from(`${lzwZeros(10).toString('hex')}>`)))])],
  ];
  for (const [name, make] of cases) {
    it(`${name}: exit 1, the file and the limit named`, async () => {
      const dir = copySample({ previous: false });
      writeFileSync(path.join(dir, 'bomb.pdf'), make());
      const r = await runCliAsync(['text', 'bomb.pdf'], dir);
      expect(r.stderr.split('\n')[0]).toBe('bomb.pdf: 错误: 文档 bomb.pdf 太大，其中的压缩内容解压后超过 256.0 MB 的上限');
      expect(r.code).toBe(1);
    });
  }

  it('an encrypted PDF: exit 1 with what to do', async () => {
    const dir = copySample({ previous: false });
    writeFileSync(path.join(dir, 'locked.pdf'), pdf(CATALOG, '/Encrypt << /Filter /Standard /V 1 /R 2 /O (x) /U (x) /P -4 >> '));
    const r = await runCliAsync(['text', 'locked.pdf'], dir);
    expect(r.stderr).toBe('locked.pdf: 错误: 无法读取文档 locked.pdf：PDF 已加密，不能读取其中的文字\n  提示: 用 PDF 阅读器去掉密码、另存为不加密的 PDF 后再试\n共 1 个错误\n');
    expect(r.code).toBe(1);
  });
});
