/**
 * The compile cache (src/cli/compile-cache.ts): what report.yaml, model.yaml and the template
 * compile to, kept between runs. A value comes back only for the same program and exactly the same
 * text; a damaged or foreign entry is a miss; a project loaded from the cache compiles every kind
 * to the same document as one loaded afresh; an edit is never answered from the cache; and the
 * installed program keeps the cache in REPORT_CACHE_DIR, which changes nothing it writes or says.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileCacheIn, MAX_ENTRIES, type CompileCache } from '../../src/cli/compile-cache.js';
import { compileYear } from '../../src/cli/pipeline.js';
import { loadProject, UserError } from '../../src/cli/project.js';
import { toText } from '../../src/render/text.js';
import { copySample, REPO, runCli } from '../helpers/cli.js';

const tmp = (prefix: string) => mkdtempSync(path.join(tmpdir(), prefix));

/** A cache that counts its hits, over a real folder. */
function counting(folder: string, identity = 'report 0.1.0 test'): CompileCache & { hits: number; misses: number } {
  const inner = compileCacheIn(folder, identity);
  const c = {
    hits: 0,
    misses: 0,
    get(slot: string, key: string) {
      const v = inner.get(slot, key);
      if (v === undefined) c.misses++;
      else c.hits++;
      return v;
    },
    set: inner.set,
    getBytes: inner.getBytes,
    setBytes: inner.setBytes,
  };
  return c;
}

describe('the compile cache', () => {
  it('gives back a value only for the same program, slot and key', () => {
    const dir = tmp('report-cc-');
    const a = compileCacheIn(dir, 'program A');
    a.set('model:/p/model.yaml', 'text 1', { fields: [1, 'x', { y: null, z: true }] });
    expect(a.get('model:/p/model.yaml', 'text 1')).toEqual({ fields: [1, 'x', { y: null, z: true }] });
    expect(a.get('model:/p/model.yaml', 'text 2')).toBeUndefined();
    expect(a.get('model:/q/model.yaml', 'text 1')).toBeUndefined();
    expect(compileCacheIn(dir, 'program B').get('model:/p/model.yaml', 'text 1')).toBeUndefined();
    // A new text replaces the slot's entry: one file per slot, however often the file changes.
    a.set('model:/p/model.yaml', 'text 2', 2);
    expect(a.get('model:/p/model.yaml', 'text 2')).toBe(2);
    expect(a.get('model:/p/model.yaml', 'text 1')).toBeUndefined();
    expect(readdirSync(path.join(dir, 'compiled'))).toHaveLength(1);
  });

  it('does not keep what JSON cannot carry exactly', () => {
    const dir = tmp('report-cc-');
    const c = compileCacheIn(dir, 'p');
    for (const [i, v] of [{ a: undefined }, [1, , 3], { d: new Date(0) }, { m: new Map() }, { n: Number.NaN }, { f: () => 1 }, -0, { big: 1n }].entries()) {
      c.set(`s${i}`, 'k', v);
      expect(c.get(`s${i}`, 'k')).toBeUndefined();
    }
    // Undefined members may be dropped when the caller says they mean nothing.
    c.set('tree', 'k', { type: 'Program', hash: undefined, body: [] }, { dropUndefined: true });
    expect(c.get('tree', 'k')).toEqual({ type: 'Program', body: [] });
  });

  it('treats a damaged entry as a miss and never throws', () => {
    const dir = tmp('report-cc-');
    const c = compileCacheIn(dir, 'p');
    c.set('slot', 'key', { ok: 1 });
    const [file] = readdirSync(path.join(dir, 'compiled'));
    const entry = path.join(dir, 'compiled', file!);
    // A value changed on disk (still valid JSON) fails its CRC-32: a miss, never a wrong value.
    writeFileSync(entry, readFileSync(entry, 'utf8').replace('{"ok":1}', '{"ok":2}'));
    expect(readFileSync(entry, 'utf8')).toContain('{"ok":2}');
    expect(c.get('slot', 'key')).toBeUndefined();
    writeFileSync(entry, '{"program":"p","slot":"slot","key":"key","kind":"json"');
    expect(c.get('slot', 'key')).toBeUndefined();
    // Bytes: kept as they are, checked the same way.
    c.setBytes('bytes', 'key', new Uint8Array([1, 2, 3, 0x0a, 255]));
    expect(c.getBytes('bytes', 'key')).toEqual(new Uint8Array([1, 2, 3, 0x0a, 255]));
    expect(c.get('bytes', 'key')).toBeUndefined(); // not a JSON value
    const [bytesFile] = readdirSync(path.join(dir, 'compiled')).filter((f) => f !== file);
    const raw = readFileSync(path.join(dir, 'compiled', bytesFile!));
    raw[raw.length - 1] = 254;
    writeFileSync(path.join(dir, 'compiled', bytesFile!), raw);
    expect(c.getBytes('bytes', 'key')).toBeUndefined();
    // A folder that cannot be written (a file in its way): nothing kept, nothing thrown.
    const blocked = path.join(tmp('report-cc-'), 'file');
    writeFileSync(blocked, 'x');
    const b = compileCacheIn(blocked, 'p');
    expect(() => b.set('slot', 'key', 1)).not.toThrow();
    expect(b.get('slot', 'key')).toBeUndefined();
  });

  it(`keeps at most ${MAX_ENTRIES} slots, removing the least recently written`, () => {
    const dir = tmp('report-cc-');
    const c = compileCacheIn(dir, 'p');
    for (let i = 0; i < MAX_ENTRIES + 10; i++) c.set(`slot ${i}`, 'k', i);
    expect(readdirSync(path.join(dir, 'compiled')).length).toBe(MAX_ENTRIES);
    expect(c.get(`slot ${MAX_ENTRIES + 9}`, 'k')).toBe(MAX_ENTRIES + 9);
  });
});

describe('a project loaded through the compile cache', () => {
  const kinds = ['法治政府建设年度报告', '政府信息公开工作年度报告', '通用'];

  it.each(kinds)('compiles the %s kind to the same document as a project loaded afresh', (kind) => {
    const dir = path.join(tmp('report-cc-kind-'), '项目');
    expect(runCli(['init', dir, '--kind', kind, '--year', '2024'], REPO).code).toBe(0);
    const year = 2024;
    const cache = counting(tmp('report-cc-store-'));
    const fresh = loadProject(dir);
    const first = loadProject(dir, cache);
    expect(cache.hits).toBe(0);
    const second = loadProject(dir, cache);
    // report.yaml, model.yaml, the template (and, once compiled, its code) come from the cache.
    expect(cache.hits).toBe(3);
    expect(second.config).toEqual(fresh.config);
    expect(second.model.fields).toEqual(fresh.model.fields);
    expect(second.model.rules).toEqual(fresh.model.rules);
    expect(second.yoyUses).toEqual(fresh.yoyUses);
    const want = toText(compileYear(fresh, year).doc);
    expect(toText(compileYear(first, year).doc)).toBe(want);
    expect(toText(compileYear(second, year).doc)).toBe(want);
    const third = loadProject(dir, cache);
    expect(toText(compileYear(third, year).doc)).toBe(want);
    // The second and third each took report.yaml, model.yaml, the template and its compiled code.
    expect(cache.hits).toBe(8);
  });

  it('reads an edited model, template or report.yaml afresh, with its problems at their place', () => {
    const dir = copySample({ previous: false });
    const cache = counting(tmp('report-cc-store-'));
    compileYear(loadProject(dir, cache), 2024);
    compileYear(loadProject(dir, cache), 2024);
    const model = path.join(dir, 'model.yaml');
    const text = readFileSync(model, 'utf8');
    writeFileSync(model, text.replace('{类型: 计数', '{类型: 计术'));
    let error: unknown;
    try {
      loadProject(dir, cache);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    const d = (error as UserError).diagnostics[0]!;
    expect(d.file).toBe('model.yaml');
    expect(d.line).toBe(text.split('\n').findIndex((l) => l.includes('{类型: 计数')) + 1);
    // The broken model is not kept: the same broken text is reported again, not answered from the cache.
    expect(() => loadProject(dir, cache)).toThrow(UserError);
    writeFileSync(model, text);
    const template = path.join(dir, 'templates', 'annual-report.hbs');
    writeFileSync(template, `${readFileSync(template, 'utf8')}\n\n补充一句。\n`);
    expect(toText(compileYear(loadProject(dir, cache), 2024).doc)).toContain('补充一句。');
    // The issuer's place in report.yaml is still found when the data's 署名 differs from it.
    const config = path.join(dir, 'report.yaml');
    const edited = readFileSync(config, 'utf8').replace(/^issuer: .*$/mu, '\n\nissuer: 别的单位');
    writeFileSync(config, edited);
    loadProject(dir, cache);
    const line = edited.split('\n').findIndex((l) => l.startsWith('issuer: 别的单位')) + 1;
    try {
      compileYear(loadProject(dir, cache), 2024);
      expect.unreachable();
    } catch (e) {
      expect((e as UserError).diagnostics.map((x) => x.hint).join('\n')).toContain(`report.yaml:${line}:9 的 issuer`);
    }
  });
});

describe('the installed program', () => {
  it('survives a damaged V8 code cache: checked before V8 reads it, then written anew', () => {
    const dir = copySample({ previous: false });
    const cacheDir = tmp('report-cc-crc-');
    const env = { REPORT_CACHE_DIR: cacheDir, SOURCE_DATE_EPOCH: '1735689600' };
    expect(runCli(['build', '2024', '--format', 'docx,txt'], dir, env).code).toBe(0);
    const docx = path.join(dir, 'out', '2024', '瓦房镇人民政府2024年法治政府建设年度报告.docx');
    const first = readFileSync(docx);
    const caches = readdirSync(cacheDir).filter((f) => f.endsWith('.v8'));
    expect(caches.length).toBe(2); // the build's and the DOCX thread's
    for (const f of caches) {
      const bytes = readFileSync(path.join(cacheDir, f));
      for (const at of [2000, Math.floor(bytes.length / 2), bytes.length - 10]) bytes[at] = bytes[at]! ^ 0xff;
      writeFileSync(path.join(cacheDir, f), bytes);
    }
    const again = runCli(['build', '2024', '--format', 'docx,txt', '--force'], dir, env);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(readFileSync(docx).equals(first)).toBe(true);
    for (const f of caches) expect(readFileSync(path.join(cacheDir, f)).length).toBeGreaterThan(1000);
  });

  it('keeps the title’s lines for the next build, and decides them again when the title changes', () => {
    const dir = copySample({ previous: false });
    const warm = tmp('report-cc-title-');
    const env = (cache: string) => ({ REPORT_CACHE_DIR: cache, SOURCE_DATE_EPOCH: '1735689600' });
    const pdf = path.join(dir, 'out', '2024', '瓦房镇人民政府2024年法治政府建设年度报告.pdf');
    const build = (cache: string) => {
      const r = runCli(['build', '2024', '--format', 'pdf', '--force'], dir, env(cache));
      expect(r.code, r.stderr).toBe(0);
      return readFileSync(path.join(dir, 'out', '2024', readdirSync(path.join(dir, 'out', '2024')).find((f) => f.endsWith('.pdf'))!));
    };
    build(warm);
    expect(build(warm).equals(readFileSync(pdf))).toBe(true);
    // A longer title: its lines are decided again, as a build without the cache decides them.
    const template = path.join(dir, 'templates', 'annual-report.hbs');
    writeFileSync(template, readFileSync(template, 'utf8').replace('年法治政府建设年度报告', '年法治政府建设和依法行政工作情况暨下一年度工作安排的年度报告'));
    const warmPdf = build(warm);
    const coldPdf = build(tmp('report-cc-title-cold-'));
    expect(warmPdf.equals(coldPdf)).toBe(true);
  });

  it('keeps a V8 code cache of its own for builds, whatever command ran first', () => {
    const cacheDir = tmp('report-cc-v8-');
    const env = { REPORT_CACHE_DIR: cacheDir };
    const work = tmp('report-cc-init-');
    expect(runCli(['init', '项目', '--year', '2024'], work, env).code).toBe(0);
    const caches = () => readdirSync(cacheDir).filter((f) => f.endsWith('.v8') && f.startsWith('cli'));
    expect(caches().map((f) => f.replace(/-v\d.*$/, ''))).toEqual(['cli']);
    expect(runCli(['build', '2024', '--format', 'txt'], path.join(work, '项目'), env).code).toBe(0);
    expect(caches().map((f) => f.replace(/-v\d.*$/, '')).sort()).toEqual(['cli', 'cli-build']);
  });

  it('keeps its compile cache in REPORT_CACHE_DIR and writes the same documents from it', () => {
    const dir = copySample({ previous: false });
    const cacheDir = tmp('report-cc-env-');
    const env = { REPORT_CACHE_DIR: cacheDir, SOURCE_DATE_EPOCH: '1735689600' };
    const first = runCli(['build', '2024', '--format', 'txt,docx'], dir, env);
    expect(first.code).toBe(0);
    // report.yaml, model.yaml, the template, its code, and the title's lines (the DOCX's too).
    expect(readdirSync(path.join(cacheDir, 'compiled')).length).toBe(5);
    const bytes = (f: string) => readFileSync(path.join(dir, 'out', '2024', `瓦房镇人民政府2024年法治政府建设年度报告.${f}`));
    const txt = bytes('txt');
    const docx = bytes('docx');
    const second = runCli(['build', '2024', '--force', '--format', 'txt,docx'], dir, env);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(second.stderr).toBe(first.stderr);
    expect(bytes('txt').equals(txt)).toBe(true);
    expect(bytes('docx').equals(docx)).toBe(true);
    // An unusable cache folder changes nothing either.
    rmSync(cacheDir, { recursive: true });
    writeFileSync(cacheDir, 'not a folder');
    const third = runCli(['build', '2024', '--force', '--format', 'txt,docx'], dir, env);
    expect(third.code).toBe(0);
    expect(bytes('txt').equals(txt)).toBe(true);
    expect(existsSync(path.join(cacheDir, 'compiled'))).toBe(false);
  });
});
