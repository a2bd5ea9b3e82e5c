import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { BIN, copySample, runCli } from '../helpers/cli.js';
import { missingSentences } from '../helpers/reference.js';

const TITLE = '瓦房镇人民政府2024年法治政府建设年度报告';

describe('report build (real command, temporary project)', () => {
  it('writes the text document under out/2024/, named after the title, and says so', () => {
    const dir = copySample();
    // The reference report has no 同比 wording: previous.enabled: false leaves it out.
    const config = path.join(dir, 'report.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace(/^previous:.*\n/m, '$&  enabled: false\n'));
    const r = runCli(['build', '2024', '--format', 'txt'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const file = path.join(dir, 'out', '2024', `${TITLE}.txt`);
    expect(r.stdout).toMatch(new RegExp(`^已生成 out/2024/${TITLE}\\.txt（\\d+\\.\\d KB）$`, 'm'));
    expect(missingSentences(readFileSync(file, 'utf8'))).toEqual([]);
  });

  it('changes a figure in the output when the data changes', () => {
    const dir = copySample();
    const data = path.join(dir, 'data', '2024.yaml');
    writeFileSync(data, readFileSync(data, 'utf8').replace('期数: 4 ', '期数: 7 '));
    expect(runCli(['build', '2024', '--format', 'txt'], dir).code).toBe(0);
    expect(readFileSync(path.join(dir, 'out', '2024', `${TITLE}.txt`), 'utf8')).toContain('行政执法培训班7期');
  });

  it('honours --out', () => {
    const dir = copySample();
    const r = runCli(['build', '2024', '--format', 'txt', '--out', '发布'], dir);
    expect(r.code).toBe(0);
    expect(readdirSync(path.join(dir, '发布', '2024'))).toEqual([`${TITLE}.txt`]);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('stops with exit 1 naming the field when a figure has the wrong type, and writes nothing', () => {
    const dir = copySample();
    const data = path.join(dir, 'data', '2024.yaml');
    writeFileSync(data, readFileSync(data, 'utf8').replace('期数: 4 ', '期数: 四 '));
    const r = runCli(['build', '2024'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^data\/2024\.yaml:\d+:\d+: 错误: 行政执法培训\.期数 应为非负整数，实际为 "四"$/m);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('stops quietly when its output is piped into a program that stops reading', () => {
    const dir = copySample();
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" --help | head -c 5 > /dev/null`], { cwd: dir, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('explains itself in plain words', () => {
    const dir = copySample();
    const help = runCli(['--help'], dir);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('把年度数据');
    const build = runCli(['build', '--help'], dir);
    expect(build.code).toBe(0);
    expect(build.stdout).toContain('--format <格式>');
    expect(build.stdout).toContain('退出码');
  });
});

describe('the sample as cloned reproduces its source, with no 同比', () => {
  it('report build 2024 in the sample (2024 only, as in the repository) gives the reference report sentence for sentence in TXT, DOCX and PDF', async () => {
    const { normalise, referencePath } = await import('../helpers/reference.js');
    const { docxText } = await import('../helpers/docx.js');
    const { pdftotext } = await import('../helpers/pdf.js');
    const dir = copySample({ previous: false });
    expect(readdirSync(path.join(dir, 'data'))).toEqual(['2024.yaml']);
    const r = runCli(['build', '2024'], dir);
    expect(r.code).toBe(0);
    const out = (ext: string) => path.join(dir, 'out', '2024', `${TITLE}.${ext}`);
    const txt = readFileSync(out('txt'), 'utf8');
    // The reference, as printed: its title broken over two lines, headings without their generated
    // numbers (its （二） is missing), and no signature. Sentence for sentence, nothing more.
    const sentences = (text: string) =>
      text
        .split(/(?<=[。；：！？])|\n/)
        .map((s) => s.replace(/\s+/g, '').replace(/^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)/, ''))
        .filter((s) => s !== '');
    const reference = sentences(readFileSync(referencePath(), 'utf8'));
    const body = txt.trimEnd().split('\n').slice(0, -2).join('\n'); // without 署名 and 成文日期
    expect(sentences(body).join('\n')).toBe([reference.slice(0, 2).join(''), ...reference.slice(2)].join('\n'));
    expect(txt.trimEnd().split('\n').slice(-2)).toEqual(['瓦房镇人民政府', '2025年1月20日']);
    for (const text of [txt, docxText(readFileSync(out('docx'))), pdftotext(out('pdf'))]) {
      expect(normalise(text)).toBe(normalise(txt));
      expect(text).not.toMatch(/同比|较上年|与上年/);
    }
  });
});
