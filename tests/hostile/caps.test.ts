/**
 * Every list of problems is capped the same way (issue: hostile input, family 3): of each severity
 * the first 20 by position are listed, one line says how many more there are, and the summary line
 * and `--json` count all of them. Checked through the real CLI for each stage that collects
 * problems: YAML syntax, the data model's checks of the data, the data model itself, report.yaml,
 * the template, the markup's warnings, and several stages at once.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { omittedLine, ProblemList, SHOWN_PROBLEMS, type Diagnostic } from '../../src/diagnostics.js';
import { copySample, runCliAsync } from '../helpers/cli.js';

const MORE_HINT = '  提示: 先改正上面列出的，再运行一次就会列出其余的（一处写错常常引起后面一连串的问题）';
const ROOT_KEYS = '年度、单位、署名、成文日期、盖章、行政审批、普法宣传、行政执法培训、执法满意度、执法监督、理论学习、领导小组、存在问题、工作安排、其他情况';

const lineCount = (text: string) => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);

describe('ProblemList', () => {
  const at = (line: number, severity: Diagnostic['severity'] = 'error'): Diagnostic => ({ severity, file: 'a.yaml', line, column: 1, message: `第 ${line} 行` });

  it('keeps the first 20 by position whatever the order they come in, and counts the rest', () => {
    const list = new ProblemList();
    for (let i = 1000; i >= 1; i--) list.push(at(i));
    list.push(at(5, 'warning'));
    expect(list.length).toBe(1001);
    expect(list.count('error')).toBe(1000);
    expect(list.shown().filter((d) => d.severity === 'error').map((d) => d.line)).toEqual(Array.from({ length: SHOWN_PROBLEMS }, (_, i) => i + 1));
    expect(list.list().at(-1)).toEqual(omittedLine('error', 980));
  });

  it('merges capped lists: the left-out counts add up', () => {
    const a = new ProblemList();
    const b = new ProblemList();
    for (let i = 1; i <= 30; i++) a.push(at(i));
    for (let i = 31; i <= 45; i++) b.push(at(i));
    const all = new ProblemList();
    all.pushAll([...b.list(), ...a.list()]);
    expect(all.count('error')).toBe(45);
    expect(all.omitted('error')).toBe(25);
    expect(all.shown().map((d) => d.line)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });
});

describe('the real CLI caps every list of problems', () => {
  it('60,000 unknown keys: 20 listed, one line for the rest, the summary and the exit code count all', async () => {
    const dir = copySample({ previous: false });
    const file = path.join(dir, 'data', '2024.yaml');
    const text = readFileSync(file, 'utf8');
    const first = lineCount(text) + 1;
    writeFileSync(file, text + Array.from({ length: 60000 }, (_, i) => `k${i}: ${i}\n`).join(''));
    const r = await runCliAsync(['check', '2024'], dir);
    expect(r.code).toBe(1);
    const expected = [
      ...Array.from({ length: 20 }, (_, i) => [`data/2024.yaml:${first + i}:1: 错误: 未知字段 k${i}`, `  提示: 这里可以写的字段：${ROOT_KEYS}`]).flat(),
      '……另有 59980 个错误未列出',
      MORE_HINT,
      '共 60000 个错误',
      '',
    ];
    expect(r.stderr).toBe(expected.join('\n'));

    const json = await runCliAsync(['check', '2024', '--json'], dir);
    expect(json.code).toBe(1);
    const out = JSON.parse(json.stdout) as { diagnostics: { line: number; message: string }[]; total: object; omitted: object };
    expect(out.diagnostics).toHaveLength(20);
    expect(out.diagnostics.map((d) => d.message)).toEqual(Array.from({ length: 20 }, (_, i) => `未知字段 k${i}`));
    expect(out.total).toEqual({ errors: 60000, warnings: 0 });
    expect(out.omitted).toEqual({ errors: 59980, warnings: 0 });
  });

  it('5,000 type errors in one list', async () => {
    const dir = copySample({ previous: false });
    const file = path.join(dir, 'data', '2024.yaml');
    const text = readFileSync(file, 'utf8');
    const line = text.split('\n').findIndex((l) => l.includes('精简事项:')) + 1;
    writeFileSync(file, text.replace(/精简事项: \[[^\]]*\]/, `精简事项: [${Array(5000).fill('{a: 1}').join(', ')}]`));
    const r = await runCliAsync(['check', '2024'], dir);
    expect(r.code).toBe(1);
    const column0 = text.split('\n')[line - 1]!.indexOf('[') + 2;
    expect(r.stderr).toBe(
      [
        ...Array.from({ length: 20 }, (_, i) => `data/2024.yaml:${line}:${column0 + 8 * i}: 错误: 行政审批.精简事项 第${i + 1}项 应为一行文字，实际为 一组字段`),
        '……另有 4980 个错误未列出',
        MORE_HINT,
        '共 5000 个错误',
        '',
      ].join('\n'),
    );
  });

  it('30 warnings: 20 listed, the rest counted, the build goes on (exit 0); --json counts them too', async () => {
    const dir = copySample({ previous: false });
    const file = path.join(dir, 'templates', 'annual-report.hbs');
    const text = readFileSync(file, 'utf8').replace(/\n+$/, '\n');
    const first = lineCount(text) + 2;
    writeFileSync(file, `${text}\n${Array.from({ length: 30 }, (_, i) => `${(i % 9) + 1}.第${i}段`).join('\n\n')}\n`);
    const r = await runCliAsync(['build', '2024', '--format', 'txt'], dir);
    expect(r.code).toBe(0);
    const lines = r.stderr.split('\n');
    expect(lines.filter((l) => l.includes(': 警告: '))).toEqual(
      Array.from({ length: 20 }, (_, i) => `templates/annual-report.hbs:${first + 2 * i}:1: 警告: 段落“${(i % 9) + 1}.第${i}段”开头的“${(i % 9) + 1}.”像是手写的序号`),
    );
    expect(lines.slice(-4)).toEqual(['……另有 10 个警告未列出', MORE_HINT, '共 30 个警告', '']);

    const json = await runCliAsync(['build', '2024', '--format', 'txt', '--force', '--json'], dir);
    expect(json.code).toBe(0);
    const out = JSON.parse(json.stdout) as { warnings: unknown[]; warningCount: number };
    expect(out.warnings).toHaveLength(20);
    expect(out.warningCount).toBe(30);
  });

  it('problems from the data and the template together: one cap, one count', async () => {
    const dir = copySample({ previous: false });
    const data = path.join(dir, 'data', '2024.yaml');
    writeFileSync(data, readFileSync(data, 'utf8') + Array.from({ length: 25 }, (_, i) => `k${i}: ${i}\n`).join(''));
    const template = path.join(dir, 'templates', 'annual-report.hbs');
    // Control characters: found when the template is read, with or without good data.
    writeFileSync(template, `${readFileSync(template, 'utf8')}\n${Array.from({ length: 8 }, (_, i) => `段落${i}\u0007`).join('\n\n')}\n`);
    const r = await runCliAsync(['check', '2024'], dir);
    expect(r.code).toBe(1);
    const lines = r.stderr.split('\n');
    expect(lines.filter((l) => / 错误: /.test(l))).toHaveLength(20);
    // Sorted by file: the data file's first 20 of its 25 unknown keys.
    expect(lines.filter((l) => / 错误: /.test(l)).every((l) => l.startsWith('data/2024.yaml:'))).toBe(true);
    expect(lines.slice(-4)).toEqual(['……另有 13 个错误未列出', MORE_HINT, '共 33 个错误', '']);
    const json = JSON.parse((await runCliAsync(['check', '2024', '--json'], dir)).stdout) as { total: object; omitted: object };
    expect(json.total).toEqual({ errors: 33, warnings: 0 });
    expect(json.omitted).toEqual({ errors: 13, warnings: 0 });
  });

  it('the same line for a cascade of YAML syntax errors', async () => {
    const dir = copySample({ previous: false });
    writeFileSync(path.join(dir, 'data', '2024.yaml'), '年度: 2024\n' + '- a\n  b: [\n'.repeat(3000));
    const r = await runCliAsync(['check', '2024'], dir);
    expect(r.code).toBe(1);
    const lines = r.stderr.split('\n');
    expect(lines.filter((l) => / 错误: /.test(l))).toHaveLength(20);
    const more = /^……另有 (\d+) 个错误未列出$/.exec(lines.at(-4)!);
    expect(more).not.toBeNull();
    expect(lines.at(-3)).toBe(MORE_HINT);
    expect(lines.at(-2)).toBe(`共 ${20 + Number(more![1])} 个错误`);
  });

  it('the data model, report.yaml and the template are capped the same way', async () => {
    const cases: { file: string; edit: (text: string) => string; what: RegExp }[] = [
      {
        file: 'model.yaml',
        edit: (t) => t.replace('盖章: {类型: 是否, 名称: 加盖印章}', `盖章: {类型: 是否, 名称: 加盖印章, ${Array.from({ length: 30 }, (_, i) => `x${i}: 1`).join(', ')}}`),
        what: /^model\.yaml:\d+:\d+: 错误: 类型为 是否 的字段 盖章 有不认识的项 x\d+$/,
      },
      { file: 'report.yaml', edit: (t) => `${t}\n${Array.from({ length: 30 }, (_, i) => `x${i}: 1`).join('\n')}\n`, what: /^report\.yaml:\d+:1: 错误: 未知的配置项 x\d+$/ },
      {
        file: 'templates/annual-report.hbs',
        edit: (t) => `${t}\n${Array.from({ length: 30 }, (_, i) => `段落{{没有${i}}}`).join('\n\n')}\n`,
        what: /^templates\/annual-report\.hbs:\d+:\d+: 错误: 模板用到了数据里没有的字段 没有\d+$/,
      },
    ];
    for (const c of cases) {
      const dir = copySample({ previous: false });
      const file = path.join(dir, c.file);
      writeFileSync(file, c.edit(readFileSync(file, 'utf8')));
      const r = await runCliAsync(['check', '2024'], dir);
      expect(r.code, c.file).toBe(1);
      const lines = r.stderr.split('\n');
      const listed = lines.filter((l) => / 错误: /.test(l));
      expect(listed, c.file).toHaveLength(20);
      for (const l of listed) expect(l, c.file).toMatch(c.what);
      expect(lines.slice(-4), c.file).toEqual(['……另有 10 个错误未列出', MORE_HINT, '共 30 个错误', '']);
    }
  });
});
