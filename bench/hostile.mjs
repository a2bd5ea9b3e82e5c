/**
 * Benchmark rows for hostile and unlucky inputs, each at 1× and 4× its size, so that the growth
 * shows: every stage must be linear (or n log n) in its input, and 4× the input must cost about 4×
 * the time, never 16×. Called from bench/run.mjs (`hostileCases`, `growthLines`); runs alone too:
 *
 *   node bench/hostile.mjs [--runs N]
 *
 * The inputs (generated, deterministic):
 *   - `keys`: a data file of `年度: 2024` and N lines `k{i}: {i}` (unknown keys: position lookup and
 *     duplicate-key checking of N keys), `report check`;
 *   - `syntax`: `- a\n  b: [\n` repeated N times (a cascade of YAML syntax errors, 20 shown);
 *   - `diff-long`: `report diff` of two years whose 存在问题 are N items of ~1,990 characters, each
 *     rewritten on the other side;
 *   - `diff-many`: `report diff` of N short items on each side, every one edited.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { random, REPO } from './fixtures.mjs';

const HANZI = '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经之进着等部度家力里如水化高自理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处府队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严';

function text(rand, n) {
  let s = '';
  for (let i = 0; i < n; i++) s += HANZI[Math.floor(rand() * HANZI.length)];
  return s;
}

/** The sample's 2024 data with its 存在问题 list replaced by `items` (each {标题, 内容}). */
function withProblems(items) {
  const sample = readFileSync(path.join(REPO, 'data', '2024.yaml'), 'utf8');
  const start = sample.indexOf('存在问题:');
  const end = sample.indexOf('\n工作安排:');
  const list = items.map((it) => `  - 标题: ${it.标题}\n    内容: ${it.内容}\n`).join('');
  return `${sample.slice(0, start)}存在问题:\n${list}${sample.slice(end + 1)}`;
}

/** A project with the sample's config, data model and template, and `files` (name → text) in data/. */
function project(root, name, files) {
  const dir = path.join(root, name);
  mkdirSync(path.join(dir, 'data'), { recursive: true });
  cpSync(path.join(REPO, 'report.yaml'), path.join(dir, 'report.yaml'));
  cpSync(path.join(REPO, 'model.yaml'), path.join(dir, 'model.yaml'));
  cpSync(path.join(REPO, 'templates'), path.join(dir, 'templates'), { recursive: true });
  for (const [file, content] of Object.entries(files)) writeFileSync(path.join(dir, 'data', file), content);
  return dir;
}

/**
 * The hostile cases under `root`, each as { name, cwd, argv, exit, group, scale }: `exit` is the
 * exit code the command must end with (1 for inputs with errors), `group` and `scale` pair the
 * 1× and 4× rows for {@link growthLines}.
 */
export function hostileCases(root) {
  const cases = [];
  for (const scale of [1, 4]) {
    const n = 15000 * scale; // 4×: 60,000 keys, about 0.8 MB (the limit is 1 MB)
    const keys = ['年度: 2024', ...Array.from({ length: n }, (_, i) => `k${i}: ${i}`)].join('\n');
    cases.push({ group: 'keys', scale, name: `hostile: ${n} unknown keys, check`, cwd: project(root, `keys-${scale}`, { '2024.yaml': `${keys}\n` }), argv: ['check', '2024'], exit: 1 });

    const m = 20000 * scale; // 4×: 80,000 repetitions, about 0.96 MB
    cases.push({ group: 'syntax', scale, name: `hostile: ${m}× syntax slip, check`, cwd: project(root, `syntax-${scale}`, { '2024.yaml': '- a\n  b: [\n'.repeat(m) }), argv: ['check', '2024'], exit: 1 });

    const rand = random(15 + scale);
    const long = 10 * scale;
    const before = Array.from({ length: long }, (_, i) => ({ 标题: `问题${i}${text(rand, 6)}`, 内容: text(rand, 1990) }));
    const after = before.map((it) => ({ 标题: it.标题, 内容: text(rand, 1990) }));
    // Half keep their title (paired by it, the rewritten text marked), half change it too (left to similarity).
    after.forEach((it, i) => {
      if (i % 2 === 1) it.标题 = `改写${i}${text(rand, 6)}`;
    });
    cases.push({
      group: 'diff-long',
      scale,
      name: `hostile: diff ${long} rewritten ~1990-char items`,
      cwd: project(root, `diff-long-${scale}`, { '2023.yaml': withProblems(before).replace('年度: 2024', '年度: 2023'), '2024.yaml': withProblems(after) }),
      argv: ['diff', 'data/2023.yaml', 'data/2024.yaml', '--format', 'json'],
      exit: 0,
    });

    const many = 800 * scale;
    const small = Array.from({ length: many }, (_, i) => ({ 标题: `事项${i}${text(rand, 4)}`, 内容: text(rand, 30) }));
    const edited = small.map((it) => ({ 标题: `${it.标题}改`, 内容: `${it.内容.slice(0, 25)}${text(rand, 5)}` })).reverse();
    cases.push({
      group: 'diff-many',
      scale,
      name: `hostile: diff ${many} short edited items`,
      cwd: project(root, `diff-many-${scale}`, { '2023.yaml': withProblems(small).replace('年度: 2024', '年度: 2023'), '2024.yaml': withProblems(edited) }),
      argv: ['diff', 'data/2023.yaml', 'data/2024.yaml', '--format', 'json'],
      exit: 0,
    });
  }
  return cases;
}

/** One line per group: the 1× and 4× medians and their ratio (about 4 is linear growth). */
export function growthLines(cases, results) {
  const byName = new Map(results.filter(Boolean).map((r) => [r.name, r]));
  const groups = [...new Set(cases.map((c) => c.group))];
  return groups.flatMap((g) => {
    const one = byName.get(cases.find((c) => c.group === g && c.scale === 1)?.name);
    const four = byName.get(cases.find((c) => c.group === g && c.scale === 4)?.name);
    if (!one || !four) return [];
    return [`${g.padEnd(10)} 1× ${one.medianMs} ms, 4× ${four.medianMs} ms: ×${(four.medianMs / one.medianMs).toFixed(1)}`];
  });
}

// Alone: `node bench/hostile.mjs` measures only these rows (one warm-up, 3 runs each).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { spawnSync } = await import('node:child_process');
  const args = process.argv.slice(2);
  const runs = Number(args[args.indexOf('--runs') + 1] || 3) || 3;
  const root = mkdtempSync(path.join(tmpdir(), 'report-bench-hostile-'));
  const cases = hostileCases(root);
  const results = cases.map((c) => {
    const samples = [];
    for (let i = 0; i <= runs; i++) {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [path.join(REPO, 'bin', 'report.js'), ...c.argv], { cwd: c.cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
      if (r.status !== c.exit) throw new Error(`${c.name}: exit ${r.status}, expected ${c.exit}\n${r.stderr.slice(0, 2000)}`);
      if (i > 0) samples.push(performance.now() - t0);
    }
    samples.sort((a, b) => a - b);
    const medianMs = Math.round(samples[Math.floor(samples.length / 2)]);
    process.stdout.write(`${c.name.padEnd(44)} ${String(medianMs).padStart(6)} ms\n`);
    return { name: c.name, medianMs };
  });
  process.stdout.write(`\n${growthLines(cases, results).join('\n')}\n`);
  rmSync(root, { recursive: true, force: true });
}
