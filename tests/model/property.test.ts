/**
 * Property: the guarantees hold for any declared model, not only the sample's. A data model
 * (model.yaml) edited carelessly, and the data of another model (examples/青石镇) mutated, always
 * give exit 0 or 1, never an internal error or a stack trace, every problem at file:line:column.
 * In-process, through the same code as the command.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { copySample, REPO } from '../helpers/cli.js';

/** The lines of stderr that state a problem (not hints, not the count). */
/** The lines that state a problem (not hints, the count of problems left out past the first 20, nor the summary). */
const problemLines = (stderr: string) => stderr.split('\n').filter((l) => l !== '' && !l.startsWith('  ') && !/^共 \d+ 个/.test(l) && !/^……另有 \d+ 个(错误|警告)未列出$/.test(l));

/** Careless edits of a YAML file: a value replaced, lines dropped, a key retyped, junk put in. */
function edits(text: string, values: readonly string[]): fc.Arbitrary<(t: string) => string> {
  const n = text.split('\n').length;
  return fc.oneof(
    fc.tuple(fc.nat(n - 1), fc.constantFrom(...values)).map(([i, v]) => (t: string) => t.split('\n').map((l, k) => (k === i ? l.replace(/:\s.*$/, `: ${v}`) : l)).join('\n')),
    fc.tuple(fc.nat(n - 1), fc.integer({ min: 1, max: 6 })).map(([i, c]) => (t: string) => {
      const ls = t.split('\n');
      ls.splice(i, c);
      return ls.join('\n');
    }),
    fc.tuple(fc.nat(n - 1), fc.string({ minLength: 1, maxLength: 3 })).map(([i, junk]) => (t: string) =>
      t.split('\n').map((l, k) => (k === i ? l.replace(/^(\s*)([^:\s]+)/, `$1$2${junk}`) : l)).join('\n'),
    ),
    fc.tuple(fc.nat(text.length), fc.string({ unit: 'binary', maxLength: 20 })).map(([at, junk]) => (t: string) => t.slice(0, at) + junk + t.slice(at)),
  );
}

/** Lets the worker's event loop turn between cases (see tests/errors/property.test.ts). */
const yieldToRunner = () => new Promise<void>((resolve) => setImmediate(resolve));

async function check(root: string, year: string): Promise<{ code: number; err: string }> {
  await yieldToRunner();
  let err = '';
  const code = await run(['check', year], { cwd: root, env: {}, stdout: () => {}, stderr: (s) => (err += `${s}\n`) });
  return { code, err };
}

describe('any declared model keeps the guarantees', () => {
  it('a carelessly edited model.yaml: exit 0 or 1, every problem at model.yaml (or the data) with line and column', async () => {
    const root = copySample();
    const file = path.join(root, 'model.yaml');
    const model = readFileSync(file, 'utf8');
    const values = ['计数', '记数', '{类型: 计数}', '{类型: 百分数, 最大值: 200}', '[]', '~', '组', '列表', '{类型: 列表}', '标题内容', '甲 <= 乙', '{最多字数: 0}', '"', '{类型: 一行文字, 单位: 次}', 'true'];
    await fc.assert(
      fc.asyncProperty(fc.array(edits(model, values), { minLength: 1, maxLength: 3 }), async (fs) => {
        writeFileSync(file, fs.reduce((t, f) => f(t), model));
        const { code, err } = await check(root, '2024');
        expect([0, 1], err).toContain(code);
        expect(err).not.toMatch(/内部错误|^\s+at /m);
        for (const line of problemLines(err)) expect(line).toMatch(/^(model\.yaml|data\/2024\.yaml|templates\/annual-report\.hbs):\d+:\d+: (错误|警告): \S/);
      }),
      { numRuns: 400, seed: 10 },
    );
  }, 120_000);

  it('the data of another model (examples/青石镇) mutated: exit 0 or 1, every problem at data/2024.yaml:line:column', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'report-qingshi-property-'));
    cpSync(path.join(REPO, 'examples', '青石镇'), root, { recursive: true, filter: (f) => !/[\\/]out$/.test(f) });
    const file = path.join(root, 'data', '2024.yaml');
    const data = readFileSync(file, 'utf8');
    const values = ['四', '-1', '1.5', '6.55', '[]', '{}', 'null', '~', 'true', '2025-02-30', '{数值: 3, 修饰: 余}', '{数值: 3, 修饰: 左右}', '101', '"\\u0007"'];
    await fc.assert(
      fc.asyncProperty(fc.array(edits(data, values), { minLength: 1, maxLength: 3 }), async (fs) => {
        writeFileSync(file, fs.reduce((t, f) => f(t), data));
        const { code, err } = await check(root, '2024');
        expect([0, 1], err).toContain(code);
        expect(err).not.toMatch(/内部错误|^\s+at /m);
        for (const line of problemLines(err)) expect(line).toMatch(/^data\/202[34]\.yaml:\d+:\d+: 错误: \S/);
      }),
      { numRuns: 600, seed: 11 },
    );
  }, 120_000);
});
