/**
 * Property: whatever a data file contains — swapped types, deleted lines, junk, truncation, random
 * bytes — `report` answers with exit 0 or 1, never 3, never a stack trace, and never leaves a
 * half-written document. Most runs go through the CLI in-process (`run`, the same code as the
 * command); a sample also goes through the real process with a build.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { copySample, REPO, runCli } from '../helpers/cli.js';

const SAMPLE = readFileSync(path.join(REPO, 'data', '2024.yaml'), 'utf8');
const LINES = SAMPLE.split('\n');

/** One mutation of the sample's text. */
const mutation: fc.Arbitrary<(text: string) => string | Buffer> = fc.oneof(
  // Replace a value by another kind of value.
  fc
    .tuple(fc.nat(LINES.length - 1), fc.constantFrom('四', '-1', '1.5', '[]', '{}', 'null', '"', '~', 'true', '2025-02-30', '"95%"', '&a x', '*a', '!!binary AAAA', '"\\u0007"', "''", '1e999'))
    .map(([i, v]) => (t: string) => t.split('\n').map((l, k) => (k === i ? l.replace(/:\s.*$/, `: ${v}`) : l)).join('\n')),
  // Delete some lines.
  fc.tuple(fc.nat(LINES.length - 1), fc.integer({ min: 1, max: 8 })).map(([i, n]) => (t: string) => {
    const ls = t.split('\n');
    ls.splice(i, n);
    return ls.join('\n');
  }),
  // Insert junk at a line.
  fc.tuple(fc.nat(LINES.length - 1), fc.string({ unit: 'binary', maxLength: 40 })).map(([i, junk]) => (t: string) => {
    const ls = t.split('\n');
    ls.splice(i, 0, junk);
    return ls.join('\n');
  }),
  // Cut the file short.
  fc.nat(SAMPLE.length).map((n) => (t: string) => t.slice(0, n)),
  // Indent or unindent a line.
  fc.tuple(fc.nat(LINES.length - 1), fc.constantFrom('  ', '\t', ' ')).map(([i, pad]) => (t: string) =>
    t.split('\n').map((l, k) => (k === i ? pad + l : l)).join('\n'),
  ),
  // Random bytes somewhere.
  fc.tuple(fc.nat(SAMPLE.length), fc.uint8Array({ minLength: 1, maxLength: 16 })).map(([at, bytes]) => (t: string) => {
    const b = Buffer.from(t, 'utf8');
    const p = Math.min(at, b.length);
    return Buffer.concat([b.subarray(0, p), Buffer.from(bytes), b.subarray(p)]);
  }),
);

const mutate = (fs: ((t: string) => string | Buffer)[]) =>
  fs.reduce<string | Buffer>((acc, f) => f(typeof acc === 'string' ? acc : acc.toString('latin1')), SAMPLE);

/** The lines of stderr that state a problem (not hints, not the count). */
/**
 * Lets the worker's event loop turn between cases: thousands of in-process runs settle only
 * microtasks, and a worker that never reaches its timers for a minute (on a busy machine) cannot
 * answer the test runner, which then reports "Timeout calling onTaskUpdate" and fails the run.
 */
const yieldToRunner = () => new Promise<void>((resolve) => setImmediate(resolve));
/** The lines that state a problem (not hints, the count of problems left out past the first 20, nor the summary). */
const problemLines = (stderr: string) => stderr.split('\n').filter((l) => l !== '' && !l.startsWith('  ') && !/^共 \d+ 个/.test(l) && !/^……另有 \d+ 个(错误|警告)未列出$/.test(l));

const TEMPLATE = readFileSync(path.join(REPO, 'templates', 'annual-report.hbs'), 'utf8');

/** One mutation of the sample template: what a careless edit of it might do. */
const templateMutation: fc.Arbitrary<(text: string) => string> = fc.oneof(
  // Cut a piece out (half a {{…}}, a closing tag, a whole section).
  fc.tuple(fc.nat(TEMPLATE.length), fc.integer({ min: 1, max: 60 })).map(([at, n]) => (t: string) => t.slice(0, at) + t.slice(at + n)),
  // Put something in.
  fc
    .tuple(
      fc.nat(TEMPLATE.length),
      fc.constantFrom('{{', '}}', '{{#if 盖章}}', '{{/each}}', '{{else}}', '{{领导小组}}', '{{存在问题}}', '{{数量 年度}}', '{{顿号 单位}}', '{{> x}}', '{{lookup . "x"}}', '{{#each 年度}}x{{/each}}', '{{@root.x.y}}', '{{../a}}', '{{this}}', '\n# ', '\n##### 五级\n', '\n= 第二个标题\n', '{{!--', '{{{单位.全称}}}', '{{同比 "不存在"}}', '{{#有上年}}{{/有上年}}', '\\'),
    )
    .map(([at, piece]) => (t: string) => t.slice(0, at) + piece + t.slice(at)),
  // Rename a field somewhere.
  fc.tuple(fc.nat(TEMPLATE.length), fc.string({ minLength: 1, maxLength: 3 })).map(([at, junk]) => (t: string) => {
    const i = t.indexOf('{{', at);
    return i < 0 ? t : `${t.slice(0, i + 2)}${junk}${t.slice(i + 2)}`;
  }),
);

describe('mutated templates never break report', () => {
  it('TXT build, in-process: exit 0 or 1, every problem names the template, never "undefined" in a document', async () => {
    const root = copySample();
    const file = path.join(root, 'templates', 'annual-report.hbs');
    const out = path.join(root, 'out', '2024');
    await fc.assert(
      fc.asyncProperty(fc.array(templateMutation, { minLength: 1, maxLength: 3 }), async (fs) => {
        await yieldToRunner();
        writeFileSync(file, fs.reduce((t, f) => f(t), TEMPLATE));
        rmSync(path.join(root, 'out'), { recursive: true, force: true });
        let err = '';
        const args = ['build', '2024', '--format', 'txt', '--force', '--quiet'];
        const code = await run(args, { cwd: root, env: {}, stdout: () => {}, stderr: (s) => (err += `${s}\n`) });
        expect([0, 1], err).toContain(code);
        expect(err).not.toMatch(/内部错误|^\s+at |undefined|\[object /m);
        for (const line of problemLines(err)) expect(line).toMatch(/^(templates\/annual-report\.hbs|data\/2023\.yaml)(:\d+:\d+)?: 错误: \S/);
        // The file name comes from the title, which a mutation may change.
        const written = existsSync(out) ? readdirSync(out).filter((f) => f.endsWith('.txt')) : [];
        expect(written.length).toBe(code === 0 ? 1 : 0);
        if (code === 0) expect(readFileSync(path.join(out, written[0]!), 'utf8')).not.toMatch(/undefined|\[object|NaN|true|false/);
      }),
      { numRuns: 600, seed: 9704 },
    );
  }, 120_000);
});

describe('mutated data never breaks report', () => {
  it('check, in-process: exit 0 or 1, no internal error, no stack trace (thousands of cases)', async () => {
    const root = copySample();
    const file = path.join(root, 'data', '2024.yaml');
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (fs) => {
        await yieldToRunner();
        writeFileSync(file, mutate(fs));
        let err = '';
        const code = await run(['check', '2024'], { cwd: root, env: {}, stdout: () => {}, stderr: (s) => (err += `${s}\n`) });
        expect([0, 1], err).toContain(code);
        expect(err).not.toMatch(/内部错误|^\s+at /m);
        // Every problem is told with the file, line and column it is at.
        for (const line of problemLines(err)) expect(line).toMatch(/^data\/2024\.yaml:\d+:\d+: 错误: \S/);
      }),
      { numRuns: 2000, seed: 2024 },
    );
  }, 120_000);

  it('build, real process: exit 0 or 1, and either a whole document or the previous one', async () => {
    const root = copySample();
    const file = path.join(root, 'data', '2024.yaml');
    expect(runCli(['build', '2024', '--format', 'txt', '--quiet'], root).code).toBe(0);
    const out = path.join(root, 'out', '2024');
    const [txt] = readdirSync(out);
    const previous = readFileSync(path.join(out, txt!));
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 2 }), async (fs) => {
        writeFileSync(file, mutate(fs));
        const r = runCli(['build', '2024', '--format', 'txt', '--quiet', '--force'], root);
        expect([0, 1], r.stderr).toContain(r.code);
        expect(r.stderr).not.toMatch(/内部错误|^\s+at /m);
        expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
        const now = readFileSync(path.join(out, txt!));
        if (r.code === 1) expect(Buffer.compare(now, previous)).toBe(0);
        else expect(now.toString('utf8').endsWith('\n')).toBe(true);
        // Put the good data and document back for the next case.
        writeFileSync(file, SAMPLE);
        writeFileSync(path.join(out, txt!), previous);
      }),
      { numRuns: 25, seed: 7 },
    );
  }, 120_000);
});
