/**
 * Every kind `report init` writes carries in its report.yaml a commented-out `公文:` block that
 * shows every field of the block with an example for that kind and a comment. Commented, it
 * changes nothing: the documents are byte for byte those of the report.yaml without it. Uncommented
 * (one `# ` taken off each of its lines), it is valid and builds a complete 公文 in every format.
 * Through the real CLI in temporary folders.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gongwenSchema } from '../../src/gongwen/schema.js';
import { REPO, runCli } from '../helpers/cli.js';

const KINDS = readdirSync(path.join(REPO, 'kinds')).filter((k) => !k.startsWith('共用')).sort();
const START = '# 公文:';

/** The lines of report.yaml's commented `# 公文:` block: its first line and those under it. */
function blockOf(lines: readonly string[]): { start: number; end: number } {
  const start = lines.findIndex((l) => l.startsWith(START));
  if (start < 0) throw new Error('no commented 公文 block');
  let end = start + 1;
  while (end < lines.length && lines[end]!.startsWith('#   ')) end++;
  return { start, end };
}

/** report.yaml with its commented `# 公文:` block uncommented (one `# ` taken off each of its lines). */
function uncomment(yaml: string): string {
  const lines = yaml.split('\n');
  const { start, end } = blockOf(lines);
  for (let i = start; i < end; i++) lines[i] = lines[i]!.slice(2);
  return lines.join('\n');
}

/** report.yaml without the block at all. */
function without(yaml: string): string {
  const lines = yaml.split('\n');
  const { start, end } = blockOf(lines);
  return [...lines.slice(0, start), ...lines.slice(end)].join('\n');
}

/** `report init` of `kind` for 2024 in a new folder; returns the project folder. */
function init(kind: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'report-init-gongwen-'));
  const r = runCli(['init', '项目', '--kind', kind, '--year', '2024'], dir);
  expect(r.code, r.stderr).toBe(0);
  return path.join(dir, '项目');
}

/** Builds 2024 in every format; returns each document's file name and SHA-256. */
function build(root: string): Record<string, string> {
  const r = runCli(['build', '2024', '--force', '--format', 'txt,docx,pdf'], root, { SOURCE_DATE_EPOCH: '1737331200' });
  expect(r.stderr).not.toMatch(/错误/);
  expect(r.code).toBe(0);
  const out = path.join(root, 'out', '2024');
  return Object.fromEntries(
    readdirSync(out)
      .filter((f) => !f.startsWith('.'))
      .map((f) => [f, createHash('sha256').update(readFileSync(path.join(out, f))).digest('hex')]),
  );
}

/** The data file's commented 落款 (署名, 成文日期) made real, for a kind whose model leaves it optional. */
function withSignature(root: string): void {
  const file = path.join(root, 'data', '2024.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace(/^# (署名|成文日期): /gm, '$1: '));
}

describe('the 公文 example in the kinds of report init', () => {
  it('is in every kind', () => {
    expect(KINDS).toEqual(['政府信息公开工作年度报告', '法治政府建设年度报告', '通用'].sort());
  });

  it.each(KINDS)('%s: shows every field of the 公文 block, each with a comment', (kind) => {
    const lines = readFileSync(path.join(REPO, 'kinds', kind, 'report.yaml'), 'utf8').split('\n');
    const { start, end } = blockOf(lines);
    const block = lines.slice(start, end);
    const fields = [
      ...Object.keys(gongwenSchema().shape),
      ...['机关代字', '年份', '序号'].map((k) => `发文字号.${k}`),
      ...['名称', '模板'].map((k) => `附件.${k}`),
    ];
    for (const field of fields) {
      const name = field.split('.').at(-1)!;
      // `#   name:`, `#     - name:` or, for what a report of this kind does not use, `#   # name:`.
      const line = block.find((l) => new RegExp(`^#\\s+(?:#\\s+)?(?:-\\s+)?${name}:`).test(l));
      expect(line, `${kind}: ${field}`).toBeDefined();
      expect(line, `${kind}: ${field}`).toMatch(/\S\s+# \S.+$/);
    }
  });

  it.each(KINDS)('%s: commented, builds the plain document unchanged', (kind) => {
    const root = init(kind);
    const config = path.join(root, 'report.yaml');
    const original = readFileSync(config, 'utf8');
    expect(original).toMatch(/^# 公文:/m);
    const commented = build(root);
    writeFileSync(config, without(original));
    expect(build(root)).toEqual(commented);
    // The plain document: no 版头, no 版记.
    const txt = readFileSync(path.join(root, 'out', '2024', Object.keys(commented).find((f) => f.endsWith('.txt'))!), 'utf8');
    expect(txt).not.toMatch(/文件\n|抄送：|印发\n/);
  }, 120_000);

  it.each(KINDS)('%s: uncommented, builds a 公文 with every part in every format', (kind) => {
    const root = init(kind);
    const config = path.join(root, 'report.yaml');
    writeFileSync(config, uncomment(readFileSync(config, 'utf8')));
    if (kind === '政府信息公开工作年度报告') withSignature(root);
    const files = build(root);
    expect(Object.keys(files).map((f) => path.extname(f)).sort()).toEqual(['.docx', '.pdf', '.txt']);
    const txt = readFileSync(path.join(root, 'out', '2024', Object.keys(files).find((f) => f.endsWith('.txt'))!), 'utf8').split('\n');
    expect(txt[0]).toBe('000001');
    expect(txt[1]).toBe('加急');
    expect(txt[3]).toMatch(/^某某.+文件$/);
    expect(txt[5]).toMatch(/^某.+〔2025〕\d+号\u3000\u3000签发人：某某某$/);
    expect(txt.some((l) => /^某某.+：$/.test(l))).toBe(true);
    expect(txt.some((l) => /^\u3000\u3000附件：.+表$/.test(l))).toBe(true);
    expect(txt.some((l) => /^抄送：.+。$/.test(l))).toBe(true);
    expect(txt.some((l) => /^某某.+办公室 +2025年1月(16|22)日印发$/.test(l))).toBe(true);
    // Left as the example wrote it, every placeholder gets a warning at its line in report.yaml.
    const warned = runCli(['build', '2024', '--force', '--format', 'txt'], root).stderr;
    expect(warned).toMatch(/report\.yaml:\d+:\d+: 警告: 发文机关标志 还是示例里的“某某.+文件”\n  提示: 换成本单位的实际名称或人名/);
    expect(warned).toMatch(/警告: 签发人 第1项 还是示例里的“某某某”/);
  }, 120_000);

  it('政府信息公开工作年度报告: uncommented without the 落款 in the data, says what to write, at the 公文 line of report.yaml', () => {
    const root = init('政府信息公开工作年度报告');
    const config = path.join(root, 'report.yaml');
    const yaml = uncomment(readFileSync(config, 'utf8'));
    writeFileSync(config, yaml);
    const r = runCli(['build', '2024', '--format', 'txt'], root);
    expect(r.code).toBe(1);
    const line = yaml.split('\n').findIndex((l) => l.startsWith('公文:')) + 1;
    // At the block: its first field (where the block’s value starts).
    expect(r.stderr).toContain(`report.yaml:${line + 1}:3: 错误: 作为公文报送（这里写了 公文）需要落款，但 data/2024.yaml 没有写 署名 和 成文日期`);
    expect(r.stderr).toContain('在 data/2024.yaml 里写上 署名: 发文机关的全称 和 成文日期: 2025-01-20');
  });
});
