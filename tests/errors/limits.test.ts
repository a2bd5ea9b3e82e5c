/** File-level limits: a BOM is fine, an oversized file is refused before it is parsed. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateReportText } from '../../src/data/validate.js';
import { sampleModel } from '../helpers/sample.js';
import { copySample, runCli } from '../helpers/cli.js';

describe('data file limits', () => {
  it('accepts a UTF-8 file with a byte-order mark', () => {
    const root = copySample();
    const data = path.join(root, 'data', '2024.yaml');
    writeFileSync(data, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(data)]));
    const r = runCli(['check', '2024'], root);
    expect([r.code, r.stdout.trim()]).toEqual([0, '检查通过：2024 年']);
  });

  it('refuses a file over 1 MB before reading it as YAML', () => {
    const root = copySample();
    const data = path.join(root, 'data', '2024.yaml');
    writeFileSync(data, `${readFileSync(data, 'utf8')}\n# ${'填'.repeat(400_000)}\n`);
    const r = runCli(['check', '2024'], root);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('data/2024.yaml: 错误: 数据文件 data/2024.yaml 太大（1.1 MB），超过 1.0 MB 的上限');
  });

  it('refuses an alias bomb of 10^20 nodes at once, in bounded memory', () => {
    const levels = ['a: &l0 ["哈","哈","哈","哈","哈","哈","哈","哈","哈","哈"]'];
    for (let i = 1; i < 20; i++) levels.push(`l${i}: &l${i} [${Array(10).fill(`*l${i - 1}`).join(',')}]`);
    const heap = process.memoryUsage().heapUsed;
    const started = performance.now();
    const r = validateReportText(sampleModel(), levels.join('\n'), { file: 'data/2024.yaml' });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(process.memoryUsage().heapUsed - heap).toBeLessThan(50 * 1024 * 1024);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostics.map((d) => [d.line, d.column, d.code])).toEqual([[2, 10, 'yaml.alias-limit']]);
  });

  it('refuses nesting thousands of levels deep without exhausting the stack', () => {
    const r = validateReportText(sampleModel(), `a: ${'['.repeat(200_000)}`, { file: 'data/2024.yaml' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostics.map((d) => d.code)).toEqual(['yaml.too-deep']);
  });
});
