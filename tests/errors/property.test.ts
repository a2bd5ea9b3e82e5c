/**
 * Property: whatever a data file contains — swapped types, deleted lines, junk, truncation, random
 * bytes — `report` answers with exit 0 or 1, never 3, never a stack trace, and never leaves a
 * half-written document. Most runs go through the CLI in-process (`run`, the same code as the
 * command); a sample also goes through the real process with a build.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
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

describe('mutated data never breaks report', () => {
  it('check, in-process: exit 0 or 1, no internal error, no stack trace (thousands of cases)', async () => {
    const root = copySample();
    const file = path.join(root, 'data', '2024.yaml');
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (fs) => {
        writeFileSync(file, mutate(fs));
        let err = '';
        const code = await run(['check', '2024'], { cwd: root, env: {}, stdout: () => {}, stderr: (s) => (err += `${s}\n`) });
        expect([0, 1], err).toContain(code);
        expect(err).not.toMatch(/内部错误|^\s+at /m);
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
