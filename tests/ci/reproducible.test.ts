/**
 * Byte-identical rebuilds: the same inputs give the same DOCX, PDF and TXT, whatever the run, the
 * working folder, the time zone or the locale, and whether or not the output folder existed.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copySample, runCli } from '../helpers/cli.js';
import { docxParts } from '../helpers/docx.js';

function outputs(dir: string): Record<string, Buffer> {
  const d = path.join(dir, 'out', '2024');
  return Object.fromEntries(readdirSync(d).map((f) => [f, readFileSync(path.join(d, f))]));
}

describe('reproducible builds', () => {
  it('gives byte-identical documents across runs, folders, time zones and locales', () => {
    const a = copySample();
    const b = copySample();
    expect(runCli(['build', '2024', '--quiet'], a, { TZ: 'UTC', LANG: 'C.UTF-8' }).code).toBe(0);
    expect(runCli(['build', '2024', '--quiet'], b, { TZ: 'Asia/Shanghai', LANG: 'zh_CN.UTF-8', LC_ALL: 'zh_CN.UTF-8' }).code).toBe(0);
    const first = outputs(a);
    const second = outputs(b);
    expect(Object.keys(first).sort()).toEqual(Object.keys(second).sort());
    expect(Object.keys(first).map((f) => path.extname(f)).sort()).toEqual(['.docx', '.pdf', '.txt']);
    for (const f of Object.keys(first)) expect(Buffer.compare(first[f]!, second[f]!), f).toBe(0);
    // Again in the same folder, the output folder now existing, forced.
    expect(runCli(['build', '2024', '--force', '--quiet'], a, { TZ: 'America/New_York' }).code).toBe(0);
    const third = outputs(a);
    for (const f of Object.keys(first)) expect(Buffer.compare(first[f]!, third[f]!), f).toBe(0);
  });

  it('stamps SOURCE_DATE_EPOCH when set, and the 成文日期 otherwise', () => {
    const a = copySample();
    const b = copySample();
    runCli(['build', '2024', '--quiet', '--format', 'docx'], a);
    runCli(['build', '2024', '--quiet', '--format', 'docx'], b, { SOURCE_DATE_EPOCH: '1740000000' });
    const core = (dir: string) => {
      const docx = Object.entries(outputs(dir)).find(([f]) => f.endsWith('.docx'))![1];
      return docxParts(new Uint8Array(docx))['docProps/core.xml']!;
    };
    expect(core(a)).toContain('2025-01-20T00:00:00Z');
    expect(core(b)).toContain('2025-02-19T21:20:00Z');
  });
});
