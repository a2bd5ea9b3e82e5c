/**
 * Byte-identical rebuilds: the same inputs give the same DOCX, PDF and TXT, whatever the run, the
 * working folder, the time zone or the locale, and whether or not the output folder existed. The
 * date in the documents is SOURCE_DATE_EPOCH when set, else the 成文日期, never the clock.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, copySample, runCli } from '../helpers/cli.js';
import { docxParts } from '../helpers/docx.js';

function outputs(dir: string, out = 'out'): Record<string, Buffer> {
  const d = path.join(dir, out, '2024');
  return Object.fromEntries(readdirSync(d).map((f) => [f, readFileSync(path.join(d, f))]));
}

function expectSame(a: Record<string, Buffer>, b: Record<string, Buffer>, what: string): void {
  expect(Object.keys(b).sort(), what).toEqual(Object.keys(a).sort());
  for (const f of Object.keys(a)) expect(Buffer.compare(a[f]!, b[f]!), `${what}: ${f}`).toBe(0);
}

describe('reproducible builds', () => {
  it('gives byte-identical DOCX, PDF and TXT across runs, folders, time zones and locales', () => {
    const a = copySample();
    const b = copySample();
    expect(runCli(['build', '2024', '--quiet'], a, { TZ: 'UTC', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' }).code).toBe(0);
    const first = outputs(a);
    expect(Object.keys(first).map((f) => path.extname(f)).sort()).toEqual(['.docx', '.pdf', '.txt']);

    // Another folder, another time zone and locale.
    expect(runCli(['build', '2024', '--quiet'], b, { TZ: 'Asia/Shanghai', LANG: 'zh_CN.UTF-8', LC_ALL: 'zh_CN.UTF-8' }).code).toBe(0);
    expectSame(first, outputs(b), 'another folder, TZ=Asia/Shanghai, zh_CN');

    // Again in the same folder, over the existing documents, forced, at the other end of the world.
    expect(runCli(['build', '2024', '--force', '--quiet'], a, { TZ: 'Pacific/Kiritimati', LANG: 'en_US.ISO-8859-1' }).code).toBe(0);
    expectSame(first, outputs(a), 'same folder again, TZ=Pacific/Kiritimati');

    // From an unrelated working folder with -C, into an output folder that already exists (empty).
    const c = copySample();
    mkdirSync(path.join(c, '发布', '2024'), { recursive: true });
    const elsewhere = mkdtempSync(path.join(tmpdir(), 'report-cwd-'));
    expect(runCli(['-C', c, 'build', '2024', '--out', '发布', '--quiet'], elsewhere, { TZ: 'America/New_York', LANG: 'fr_FR.UTF-8' }).code).toBe(0);
    expectSame(first, outputs(c, '发布'), '-C from elsewhere, existing output folder');
  });

  it('gives the same bytes when building all formats at once or one at a time', () => {
    const a = copySample();
    const b = copySample();
    runCli(['build', '2024', '--quiet'], a);
    for (const f of ['pdf', 'txt', 'docx']) expect(runCli(['build', '2024', '--format', f, '--quiet'], b).code).toBe(0);
    expectSame(outputs(a), outputs(b), 'one format per run');
  });

  it('stamps SOURCE_DATE_EPOCH when set, and the 成文日期 otherwise, into DOCX and PDF', () => {
    const a = copySample();
    const b = copySample();
    runCli(['build', '2024', '--quiet', '--format', 'docx,pdf'], a);
    runCli(['build', '2024', '--quiet', '--format', 'docx,pdf'], b, { SOURCE_DATE_EPOCH: '1740000000' });
    const file = (dir: string, ext: string) => Object.entries(outputs(dir)).find(([f]) => f.endsWith(ext))![1];
    const core = (dir: string) => docxParts(new Uint8Array(file(dir, '.docx')))['docProps/core.xml']!;
    expect(core(a)).toContain('2025-01-20T00:00:00Z');
    expect(core(b)).toContain('2025-02-19T21:20:00Z');
    // pdfkit writes the info dictionary's dates as literal strings: D:YYYYMMDDHHmmSSZ.
    const pdfDates = (dir: string) => [...file(dir, '.pdf').toString('latin1').matchAll(/\(D:(\d{14})Z\)/g)].map((m) => m[1]);
    expect(new Set(pdfDates(a))).toEqual(new Set(['20250120000000']));
    expect(new Set(pdfDates(b))).toEqual(new Set(['20250219212000']));
  });

  it('refuses a malformed SOURCE_DATE_EPOCH (usage error, exit 2) instead of ignoring it', () => {
    const dir = copySample();
    const r = runCli(['build', '2024', '--format', 'txt'], dir, { SOURCE_DATE_EPOCH: '2025-01-20' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('错误: 环境变量 SOURCE_DATE_EPOCH 应为从 1970-01-01 起的秒数（如 1737331200），实际为 "2025-01-20"');
    expect(runCli(['build', '2024', '--format', 'txt'], dir, { SOURCE_DATE_EPOCH: '' }).code).toBe(0);
  });
});

describe('progress', () => {
  it('prints plain lines when not on a terminal, nothing with --quiet', () => {
    const dir = copySample();
    const r = runCli(['build', '--all', '--format', 'txt'], dir);
    expect(r.stdout + r.stderr).not.toMatch(/[\r\x1b]/);
    expect(r.stdout).toMatch(/^\[1\/2\] 已生成 out\/2024\/.+\.txt（[\d.]+ KB）\n\[2\/2\] 已生成 out\/2023\//);
    const q = runCli(['build', '--all', '--format', 'txt', '--force', '--quiet'], dir);
    expect([q.code, q.stdout, q.stderr]).toEqual([0, '', '']);
  });

  // `script` (util-linux) runs the command on a pseudo-terminal.
  const hasScript = spawnSync('script', ['--version']).status === 0;
  it.skipIf(!hasScript)('shows a live line on a terminal, replaced by each finished line', () => {
    const dir = copySample();
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', TERM: 'xterm' };
    delete env['CI'];
    const cmd = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} build --all --format txt`;
    const r = spawnSync('script', ['-qec', cmd, '/dev/null'], { cwd: dir, env, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('[0/2] 正在生成 2024 年的 TXT…\r\x1b[K[1/2] 已生成 out/2024/');
    expect(r.stdout).toContain('[1/2] 正在生成 2023 年的 TXT…\r\x1b[K[2/2] 已生成 out/2023/');
  });
});
