/**
 * `report text FILE` through the real CLI: a DOCX (ours), a PDF made with pdfkit (our own PDF writer
 * is tested separately), and data YAML, as normalised text; and its use as a git textconv driver.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { toDocx } from '../../src/render/docx/index.js';
import { copySample, REPO, runCli } from '../helpers/cli.js';
import { sampleDoc } from '../helpers/sample.js';

const FONT = fileURLToPath(new URL('../../node_modules/@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf', import.meta.url));

/** A small PDF: a heading, and a paragraph long enough to wrap over several lines. */
function pdf(paragraph: string): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ size: 'A4', margin: 72 });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.font(FONT).fontSize(16).text('一、主要举措与成效', { indent: 32 });
    doc.fontSize(16).text(paragraph, { indent: 32, align: 'justify' });
    doc.text('— 1 —', { align: 'center' });
    doc.end();
  });
}

const tmp = () => mkdtempSync(path.join(tmpdir(), 'report-text-'));

describe('report text', () => {
  it('prints a DOCX paragraph by paragraph', async () => {
    const dir = tmp();
    const file = path.join(dir, '报告.docx');
    writeFileSync(file, await toDocx(sampleDoc(), { modified: new Date('2025-01-20T00:00:00Z') }));
    const r = runCli(['text', file], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines).toContain('一、主要举措与成效');
    expect(lines.some((l) => l.includes('全年共举办行政执法培训班4期，培训执法人员76人次'))).toBe(true);
  });

  it('prints a PDF with its wrapped lines joined into paragraphs and page numbers dropped', async () => {
    const dir = tmp();
    const para = '全年共举办行政执法培训班4期，培训执法人员76人次，提高了执法人员的业务素质和执法水平。制定行政执法公示、执法全过程记录、重大执法决定法制审核等制度，确保行政执法行为规范透明。';
    const file = path.join(dir, 'a.pdf');
    writeFileSync(file, await pdf(para));
    const r = runCli(['text', file], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`一、主要举措与成效\n${para}\n`);
  });

  it('prints data as one field a line, with qualifiers and units, without comments', () => {
    const r = runCli(['text', path.join(REPO, 'data', '2024.yaml')], REPO);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('\n行政执法培训.期数: 4期\n');
    expect(r.stdout).toContain('\n普法宣传.进村入户宣讲: 20余次\n');
    expect(r.stdout).toContain('\n执法满意度: 95%以上\n');
    expect(r.stdout).toContain('\n存在问题:\n  - 标题: 法治意识仍需进一步提高\n    内容: 部分行政机关工作人员');
    expect(r.stdout).not.toContain('#');
  });

  it('prints data that does not validate as it is, and refuses what it cannot read', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'x.yaml'), '年度: 二〇二四\n# 草稿\n');
    expect(runCli(['text', 'x.yaml'], dir).stdout).toBe('年度: 二〇二四\n# 草稿\n');
    writeFileSync(path.join(dir, 'bad.docx'), Buffer.from('PK\x03\x04broken'));
    const bad = runCli(['text', 'bad.docx'], dir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('不是有效的 DOCX 文件');
    expect(runCli(['text', 'missing.pdf'], dir).code).toBe(1);
  });

  const hasGit = spawnSync('git', ['--version']).status === 0;
  it.skipIf(!hasGit)('works as a git textconv driver, as the README shows', () => {
    const dir = copySample();
    const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.org' };
    const git = (...args: string[]) => spawnSync('git', args, { cwd: dir, encoding: 'utf8', env }).stdout;
    git('init', '-q');
    writeFileSync(path.join(dir, '.gitattributes'), '*.docx diff=report\n*.pdf diff=report\ndata/*.yaml diff=report\n');
    git('config', 'diff.report.textconv', `"${process.execPath}" "${path.join(REPO, 'bin', 'report.js')}" text`);
    git('add', '.');
    git('commit', '-qm', 'first');
    const file = path.join(dir, 'data', '2024.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('期数: 4 ', '期数: 6 '));
    const diff = git('diff', '--', 'data/2024.yaml');
    expect(diff).toContain('-行政执法培训.期数: 4期\n+行政执法培训.期数: 6期');
  });
});
