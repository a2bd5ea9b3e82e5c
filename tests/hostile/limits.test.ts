/**
 * What is unpacked is counted: a small DOCX or PDF that decompresses to gigabytes, a PDF of too
 * many pages, an endless device, each refused with a message naming the file and the limit. And
 * the manifest describes the folder it lives in: copied, edited or forged, it never makes a build
 * skip a document that is not there, nor crash.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/cli/files.js';
import { copySample, runCli } from '../helpers/cli.js';
import { pdfFile as pdf } from '../helpers/pdf-file.js';

const DOC = '瓦房镇人民政府2024年法治政府建设年度报告';


describe('report text: decompressed bytes and pages are counted', () => {
  it('refuses a DOCX whose document.xml unpacks past the limit, in bounded memory', () => {
    const dir = copySample();
    const xml = Buffer.alloc(LIMITS.docxXml + 1024 * 1024, '<w:p/>');
    writeFileSync(path.join(dir, 'bomb.docx'), zipSync({ 'word/document.xml': new Uint8Array(xml) }, { level: 9 }));
    const r = runCli(['text', 'bomb.docx'], dir);
    expect(r.stderr.split('\n')[0]).toBe('bomb.docx: 错误: 文档 bomb.docx 太大，其中的 word/document.xml 解压后超过 32.0 MB 的上限');
    expect(r.code).toBe(1);
  });

  it('refuses a PDF whose streams unpack past the limit, before any page is read', () => {
    const dir = copySample();
    const stream = deflateSync(Buffer.alloc(100 * 1024 * 1024));
    const objects: (string | Buffer)[] = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [] /Count 0 >>'];
    for (let i = 0; i < 3; i++) {
      objects.push(Buffer.concat([Buffer.from(`<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n`), stream, Buffer.from('\nendstream')]));
    }
    writeFileSync(path.join(dir, 'bomb.pdf'), pdf(objects));
    const r = runCli(['text', 'bomb.pdf'], dir);
    expect(r.stderr.split('\n')[0]).toBe('bomb.pdf: 错误: 文档 bomb.pdf 太大，其中的压缩内容解压后超过 256.0 MB 的上限');
    expect(r.code).toBe(1);
  });

  it('refuses a PDF of more pages than the limit', () => {
    const dir = copySample();
    const n = LIMITS.pdfPages + 1;
    const kids = Array.from({ length: n }, (_, i) => `${i + 3} 0 R`).join(' ');
    const objects: string[] = ['<< /Type /Catalog /Pages 2 0 R >>', `<< /Type /Pages /Kids [${kids}] /Count ${n} >>`];
    for (let i = 0; i < n; i++) objects.push('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>');
    writeFileSync(path.join(dir, 'pages.pdf'), pdf(objects));
    const r = runCli(['text', 'pages.pdf'], dir);
    expect(r.stderr.split('\n')[0]).toBe(`pages.pdf: 错误: PDF 有 ${n} 页，超过 ${LIMITS.pdfPages} 页的上限`);
    expect(r.code).toBe(1);
  });

  it('refuses a link to /dev/zero, a FIFO and a folder without reading them', () => {
    const dir = copySample();
    symlinkSync('/dev/zero', path.join(dir, 'zero.docx'));
    spawnSync('mkfifo', [path.join(dir, 'pipe.pdf')]);
    mkdirSync(path.join(dir, 'folder.docx'));
    const cases: [string, string][] = [
      ['zero.docx', 'zero.docx: 错误: 无法读取文档 zero.docx：这是设备（如 /dev/zero），不是普通文件'],
      ['pipe.pdf', 'pipe.pdf: 错误: 无法读取文档 pipe.pdf：这是管道（FIFO），不是普通文件'],
      ['folder.docx', 'folder.docx: 错误: 无法读取文档 folder.docx：这是文件夹，不是文件'],
    ];
    for (const [file, message] of cases) {
      const r = runCli(['text', file], dir);
      expect([r.code, r.stderr.split('\n')[0]]).toEqual([1, message]);
    }
  });

  it('a data file linked to /dev/zero or a FIFO stops check at once (the 1 MB limit is counted, not read from stat)', () => {
    const dir = copySample();
    symlinkSync('/dev/zero', path.join(dir, 'data', '2025.yaml'));
    spawnSync('mkfifo', [path.join(dir, 'data', '2026.yaml')]);
    const r = runCli(['check'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('data/2025.yaml: 错误: 无法读取数据文件 data/2025.yaml：这是设备（如 /dev/zero），不是普通文件');
    expect(r.stderr).toContain('data/2026.yaml: 错误: 无法读取数据文件 data/2026.yaml：这是管道（FIFO），不是普通文件');
  });
});

describe('the manifest describes the folder it lives in', () => {
  it('a copied output folder missing a document rebuilds it there (issue: it said 已是最新 and left it empty)', () => {
    const dir = copySample();
    expect(runCli(['build', '2024', '--format', 'txt'], dir).code).toBe(0);
    cpSync(path.join(dir, 'out'), path.join(dir, 'pub'), { recursive: true });
    rmSync(path.join(dir, 'pub', '2024', `${DOC}.txt`));
    const r = runCli(['build', '2024', '--format', 'txt', '--out', 'pub'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`2024 年：pub/2024/${DOC}.txt 在上次生成后被删除，重新生成`);
    expect(r.stdout).toContain(`已生成 pub/2024/${DOC}.txt`);
    expect(readFileSync(path.join(dir, 'pub', '2024', `${DOC}.txt`))).toEqual(readFileSync(path.join(dir, 'out', '2024', `${DOC}.txt`)));
    // And the copy, complete again, is up to date where it is.
    expect(runCli(['build', '2024', '--format', 'txt', '--out', 'pub'], dir).stdout).toContain('已是最新，跳过');
  });

  it('records documents relative to the output folder', () => {
    const dir = copySample();
    expect(runCli(['build', '2024', '--format', 'txt'], dir).code).toBe(0);
    const m = JSON.parse(readFileSync(path.join(dir, 'out', '.report-manifest.json'), 'utf8')) as { years: Record<string, Record<string, { file: string }>> };
    expect(m.years['2024']!['txt']!.file).toBe(`2024/${DOC}.txt`);
  });

  // Five short runs rather than one long one (each property run is a real build).
  it.each([1, 2, 3, 4, 5])('never trusts an entry that leaves the folder, points at a non-file or is malformed: rebuilds, never crashes (property, seed %i)', (seed) => {
    const dir = copySample();
    expect(runCli(['build', '2024', '--format', 'txt'], dir).code).toBe(0);
    const manifestFile = path.join(dir, 'out', '.report-manifest.json');
    const good = JSON.parse(readFileSync(manifestFile, 'utf8')) as { years: Record<string, Record<string, Record<string, unknown>>> };
    const doc = path.join(dir, 'out', '2024', `${DOC}.txt`);
    const expected = readFileSync(doc);
    const forged = fc.oneof(
      fc.constantFrom<unknown>(
        '../data/2024.yaml',
        '/etc/passwd',
        `2024/../../data/2024.yaml`,
        '2024/',
        '2024\\x.txt',
        '2023/x.txt',
        null,
        42,
        { file: 'x' },
        [],
        'a'.repeat(5000),
      ),
      fc.anything(),
    );
    const field = fc.constantFrom('file', 'bytes', 'sha256', 'inputs', 'extra');
    fc.assert(
      fc.property(field, forged, fc.boolean(), (key, value, removeDoc) => {
        const m = structuredClone(good);
        m.years['2024']!['txt']![key] = value;
        writeFileSync(manifestFile, JSON.stringify(m));
        if (removeDoc) rmSync(doc);
        const r = runCli(['build', '2024', '--format', 'txt'], dir);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        expect(readFileSync(doc)).toEqual(expected);
        expect(existsSync(path.join(dir, 'data', '2024.yaml'))).toBe(true);
      }),
      { numRuns: 5, seed },
    );
    expect(readdirSync(path.join(dir, 'out', '2024'))).toEqual([`${DOC}.txt`]);
  });
});
