/** 同比 through the real CLI: the previous year's data feeds the template, and its absence is reported. */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copySample, runCli } from '../helpers/cli.js';

const TITLE = '瓦房镇人民政府2024年法治政府建设年度报告';
const setConfig = (dir: string, previous: string) => {
  const config = path.join(dir, 'report.yaml');
  writeFileSync(config, readFileSync(config, 'utf8').replace(/^previous:.*\n(  .*\n)*/m, `previous: ${previous}\n`));
};

describe('同比 in the sample report', () => {
  it('builds 2024 with the 同比 wording from 2023', () => {
    const dir = copySample();
    const r = runCli(['build', '2024', '--format', 'txt'], dir);
    expect(r.code).toBe(0);
    const text = readFileSync(path.join(dir, 'out', '2024', `${TITLE}.txt`), 'utf8');
    expect(text).toContain('全年共举办行政执法培训班4期，同比增加1期，培训执法人员76人次，同比增长8.6%，提高了执法人员的业务素质和执法水平。');
    expect(text).toContain('本年度行政执法案件的群众满意度达到95%以上，较上年上升约2个百分点。');
  });

  it('leaves the phrases out for the first year (the sample config says previous.missing: omit)', () => {
    const dir = copySample();
    expect(runCli(['check'], dir).code).toBe(0);
    expect(runCli(['build', '2023', '--format', 'txt'], dir).code).toBe(0);
    const text = readFileSync(path.join(dir, 'out', '2023', '瓦房镇人民政府2023年法治政府建设年度报告.txt'), 'utf8');
    expect(text).toContain('全年共举办行政执法培训班3期，培训执法人员70人次，提高了');
    expect(text).not.toMatch(/同比|较上年/);
  });

  it('names every use in the template (file:line) when the previous year is missing and the config wants it', () => {
    const dir = copySample();
    setConfig(dir, '{missing: error}');
    rmSync(path.join(dir, 'data', '2023.yaml'));
    for (const cmd of [['check', '2024'], ['build', '2024', '--format', 'txt']]) {
      const r = runCli(cmd, dir);
      expect(r.code).toBe(1);
      const lines = r.stderr.split('\n').filter((l) => l.includes('错误'));
      expect(lines[0]).toMatch(/^templates\/annual-report\.hbs:\d+:\d+: 错误: 模板用 有上年 写同比，但没有上年（2023 年）的数据文件 data\/2023\.yaml$/);
      expect(r.stderr).toContain('提示: 补上 data/2023.yaml；或在 report.yaml 里写 previous: {missing: omit}');
      expect(lines.filter((l) => l.startsWith('templates/annual-report.hbs:'))).toHaveLength(6);
    }
    const template = readFileSync(path.join(dir, 'templates', 'annual-report.hbs'), 'utf8').split('\n');
    const line = Number(/hbs:(\d+):/.exec(runCli(['check', '2024'], dir).stderr)![1]);
    expect(template[line - 1]).toContain('{{#有上年}}');
  });

  it('reports the previous year’s own data errors', () => {
    const dir = copySample();
    const file = path.join(dir, 'data', '2023.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('期数: 3 ', '期数: 三 '));
    const r = runCli(['build', '2024', '--format', 'txt'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^data\/2023\.yaml:\d+:\d+: 错误: 行政执法培训\.期数 应为非负整数，实际为 "三"$/m);
  });

  it('reproduces the reference without 同比 when previous.enabled is false', () => {
    const dir = copySample();
    setConfig(dir, '{enabled: false}');
    expect(runCli(['build', '2024', '--format', 'txt'], dir).code).toBe(0);
    expect(readFileSync(path.join(dir, 'out', '2024', `${TITLE}.txt`), 'utf8')).not.toMatch(/同比|较上年/);
  });
});
