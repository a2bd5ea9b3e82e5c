/**
 * The design's rules, checked on the source: only the CLI touches the world (files, processes,
 * the clock, the environment); writers never call each other; the document model depends on
 * nothing; every layout number lives in layout/gbt9704.ts.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const sources = files(SRC).map((file) => ({
  file: path.relative(SRC, file).split(path.sep).join('/'),
  text: readFileSync(file, 'utf8'),
}));

function imports(text: string): string[] {
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (m) => (m[1] ?? m[2])!,
  );
}

function resolve(from: string, spec: string): string {
  if (!spec.startsWith('.')) return spec;
  return path.posix.normalize(path.posix.join(path.posix.dirname(from), spec)).replace(/\.js$/, '.ts');
}

describe('architecture', () => {
  it('has sources to check', () => {
    expect(sources.length).toBeGreaterThan(10);
  });

  it('lets only src/cli touch the file system, processes, the clock and the environment', () => {
    const offenders = sources
      .filter((s) => !s.file.startsWith('cli/'))
      .flatMap((s) => {
        const found: string[] = [];
        for (const spec of imports(s.text)) {
          if (/^(node:)?(fs|fs\/promises|child_process|os|worker_threads)$/.test(spec)) found.push(`${s.file} imports ${spec}`);
        }
        if (/\bprocess\.(env|exit|cwd|argv|stdout|stderr)\b/.test(s.text)) found.push(`${s.file} uses process`);
        if (/\bDate\.now\(\)|new Date\(\)/.test(s.text)) found.push(`${s.file} reads the clock`);
        return found;
      });
    expect(offenders).toEqual([]);
  });

  it('keeps the document model free of dependencies', () => {
    const bad = sources
      .filter((s) => s.file.startsWith('document/'))
      .flatMap((s) => imports(s.text).map((i) => resolve(s.file, i)).filter((i) => !i.startsWith('document/')).map((i) => `${s.file} → ${i}`));
    expect(bad).toEqual([]);
  });

  it('keeps writers apart: no writer imports another, and none reads data or templates', () => {
    const bad = sources
      .filter((s) => s.file.startsWith('render/'))
      .flatMap((s) => {
        const mine = s.file.split('/').slice(0, 2).join('/').replace(/\.ts$/, '');
        return imports(s.text)
          .map((i) => resolve(s.file, i))
          .filter((i) => (i.startsWith('render/') && !i.startsWith(mine)) || i.startsWith('template/') || i.startsWith('data/') || i.startsWith('cli/'))
          .map((i) => `${s.file} → ${i}`);
      });
    expect(bad).toEqual([]);
  });
});

describe('no report is built into the program', () => {
  it('names no field of the sample under src/: the data model is the project’s own (model.yaml)', async () => {
    const { sampleModel } = await import('./helpers/sample.js');
    const { walkFields, DOCUMENT_FIELDS } = await import('../src/data/model.js');
    const fixed = new Set<string>(Object.values(DOCUMENT_FIELDS));
    const names = new Set<string>();
    for (const f of walkFields(sampleModel())) {
      if (fixed.has(f.path[0]!)) continue;
      // 单位 is also an everyday word (and the declaration's word for a unit); its path is checked.
      if (f.path.length === 1 && f.name !== '单位') names.add(f.name);
      if (f.path.length > 1) names.add(f.path.join('.'));
    }
    expect([...names]).toEqual(expect.arrayContaining(['行政执法培训', '普法宣传', '执法满意度', '领导小组', '单位.全称', '普法宣传.进村入户宣讲']));
    const found = sources.flatMap((s) => [...names].filter((n) => s.text.includes(n)).map((n) => `${s.file}: ${n}`));
    expect(found).toEqual([]);
  });
});
