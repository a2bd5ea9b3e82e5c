/**
 * Every invalid input in tests/fixtures/invalid/ goes through the real CLI in a temporary copy of
 * the sample project, and must produce exactly the diagnostics written in the fixture:
 *
 *   # <what the case is about>
 *   # file: data/2024.yaml | templates/annual-report.hbs | report.yaml   (where the fixture goes)
 *   # replace: <text> => <text>      applied to base.yaml (data cases) or the sample's file
 *   # whole-file                     the fixture itself is the file (header comments included)
 *   # args: check 2024               the command (default: check 2024)
 *   # exit: 1
 *   # expect: <a whole stderr line>  every such line must appear, in order
 *
 * Replacement text may use \n, \t, \xNN and \uNNNN escapes.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copySample, REPO, runCli } from '../helpers/cli.js';

const DIR = path.join(REPO, 'tests', 'fixtures', 'invalid');

interface Case {
  readonly name: string;
  readonly file: string;
  readonly args: string[];
  readonly exit: number;
  readonly expect: string[];
  readonly content: (root: string) => string | Buffer;
}

const unescape = (s: string) =>
  s
    .replace(/\\n/g, '\n')
    .replace(/\\t/g, '\t')
    .replace(/\\x([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/\\u([0-9a-fA-F]{4})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

function load(name: string): Case {
  const text = readFileSync(path.join(DIR, name), 'utf8');
  const header = text.split('\n').filter((l) => l.startsWith('# ') || l.startsWith('{{!-- ')).map((l) => l.replace(/^(# |\{\{!-- )/, '').replace(/ --\}\}$/, ''));
  // A value starts after "key: "; leading spaces beyond that one are part of it (indentation).
  const field = (key: string) => header.filter((l) => l.startsWith(`${key}:`)).map((l) => l.slice(key.length + 1).replace(/^ /, '').replace(/\s+$/, ''));
  const file = field('file')[0] ?? 'data/2024.yaml';
  const replaces = field('replace').map((r) => r.split(/ =>(?: |$)/).map(unescape) as [string, string]);
  const whole = header.includes('whole-file');
  // \xNN escapes of 80–FF stand for raw bytes (to write a file that is not UTF-8).
  const rawBytes = header.includes('raw-bytes');
  return {
    name,
    file,
    args: (field('args')[0] ?? 'check 2024').split(' '),
    exit: Number(field('exit')[0] ?? '1'),
    expect: field('expect'),
    content: (root) => {
      if (whole) return text;
      const base = file === 'data/2024.yaml' ? readFileSync(path.join(DIR, 'base.yaml'), 'utf8') : readFileSync(path.join(root, file), 'utf8');
      // Replacements work on bytes, so a fixture can put bytes that are not UTF-8 into the file.
      return replaces.reduce((buf, [from, to]) => {
        const needle = Buffer.from(from, 'utf8');
        const at = buf.indexOf(needle);
        if (at < 0) throw new Error(`${name}: "${from}" is not in ${file}`);
        const code = (ch: string) => ch.charCodeAt(0);
        const bytes = Buffer.from([...to].flatMap((ch) => (rawBytes && code(ch) >= 0x80 && code(ch) <= 0xff ? [code(ch)] : [...Buffer.from(ch, 'utf8')])));
        return Buffer.concat([buf.subarray(0, at), bytes, buf.subarray(at + needle.length)]);
      }, Buffer.from(base, 'utf8'));
    },
  };
}

const cases = readdirSync(DIR)
  .filter((n) => n !== 'base.yaml' && /\.(ya?ml|hbs)$/.test(n))
  .sort()
  .map(load);

describe('invalid inputs through the real CLI', () => {
  it('has at least 40 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const root = copySample();
    writeFileSync(path.join(root, c.file), c.content(root));
    const r = runCli(c.args, root, { HOME: root, REPORT_CACHE_DIR: path.join(root, '.cache') });
    const lines = r.stderr.split('\n');
    let from = 0;
    for (const want of c.expect) {
      const at = lines.indexOf(want, from);
      expect(at, `missing line:\n${want}\nin stderr:\n${r.stderr}`).toBeGreaterThanOrEqual(0);
      from = at + 1;
    }
    expect(r.code, r.stderr).toBe(c.exit);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});
