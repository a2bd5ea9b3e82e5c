/**
 * The kinds `report init` copies carry the 公文 parts in their report.yaml as a commented example;
 * uncommented as it stands, the example is valid and builds a complete 公文.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

/** report.yaml with its commented `# 公文:` block uncommented (one `# ` taken off each of its lines). */
function uncomment(yaml: string): string {
  const lines = yaml.split('\n');
  const start = lines.findIndex((l) => l.startsWith('# 公文:'));
  if (start < 0) throw new Error('no commented 公文 block');
  for (let i = start; i < lines.length && (i === start || lines[i]!.startsWith('#   ')); i++) lines[i] = lines[i]!.slice(2);
  return lines.join('\n');
}

describe('the 公文 example in the kinds of report init', () => {
  it.each(['法治政府建设年度报告', '通用'])('%s: uncommented, it builds a 公文 with every part', (kind) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'report-init-gongwen-'));
    expect(runCli(['init', '项目', '--kind', kind, '--year', '2024'], dir).code).toBe(0);
    const root = path.join(dir, '项目');
    const config = path.join(root, 'report.yaml');
    const original = readFileSync(config, 'utf8');
    expect(original).toMatch(/^# 公文:/m);
    writeFileSync(config, uncomment(original));
    const build = runCli(['build', '2024', '--format', 'txt'], root);
    expect(build.stderr).not.toMatch(/错误/);
    expect(build.code).toBe(0);
    const out = path.join(root, 'out', '2024');
    const txt = readFileSync(path.join(out, build.stdout.match(/out\/2024\/(.+\.txt)/)![1]!), 'utf8').split('\n');
    expect(txt[0]).toBe('000001');
    expect(txt[1]).toBe('加急');
    expect(txt[3]).toMatch(/文件$/);
    expect(txt[5]).toMatch(/〔2025〕1号\u3000\u3000签发人：某某某$/);
    expect(txt).toContain('\u3000\u3000附件：主要指标一览表');
    expect(txt.some((l) => /^抄送：.+。$/.test(l))).toBe(true);
    expect(txt.some((l) => /印发$/.test(l))).toBe(true);
  });
});
