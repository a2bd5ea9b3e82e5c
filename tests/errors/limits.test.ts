/** File-level limits: a BOM is fine, an oversized file is refused before it is parsed. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
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
    expect(r.stderr).toContain('data/2024.yaml: 错误: 文件太大（1.1 MB），超过 1.0 MB 的上限');
  });
});
