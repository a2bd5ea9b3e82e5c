/**
 * `report build YEAR… | --all`: compiles each year's data into the documents and writes them under
 * the output folder, one line per file written. A year whose inputs have not changed since its
 * documents were written is skipped (see manifest.ts); `--check` writes nothing and says whether the
 * documents on disk are current.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import { formatPath, type Diagnostic } from '../../diagnostics.js';
import type { Doc } from '../../document/types.js';
import { toText } from '../../render/text.js';
import type { FontSet } from '../../fonts/types.js';
import type { CliContext } from '../context.js';
import { describeFonts, fontFingerprint, resolveFonts } from '../fonts.js';
import { hashInputs, readManifest, sha256, upToDate, writeManifest, type YearEntry } from '../manifest.js';
import { openDocxWriter, type DocxWriter } from '../docx-pool.js';
import { diagnosticsToJson, writeAtomic } from '../output.js';
import { compileYear, type CompiledYear } from '../pipeline.js';
import { availableYears, CONFIG_FILE, FORMATS, formatSize, relative, UserError, type Format, type Project } from '../project.js';
import { parseFormats, parseYears } from '../args.js';
import { toolVersion } from '../version.js';

/** One document of a build. */
export interface BuiltFile {
  readonly year: number;
  readonly format: Format;
  readonly file: string;
  readonly bytes: number;
  readonly sha256: string;
}

/** What a build did. */
export interface BuildResult {
  readonly written: BuiltFile[];
  readonly skipped: number[];
  /** With --check: documents missing or different from what would be built. */
  readonly stale: BuiltFile[];
  readonly warnings: Diagnostic[];
  readonly fontLines: string[];
}

/** How to build. */
export interface BuildOptions {
  readonly years: readonly number[];
  readonly formats: readonly Format[];
  readonly outDir: string;
  readonly force: boolean;
  readonly check: boolean;
}

/** The date stamped into documents: SOURCE_DATE_EPOCH when set, else the 成文日期; never the clock. */
export function documentDate(doc: Doc, env: NodeJS.ProcessEnv): Date {
  const epoch = env['SOURCE_DATE_EPOCH'];
  if (epoch !== undefined && /^\d+$/.test(epoch.trim())) return new Date(Number(epoch.trim()) * 1000);
  return new Date(`${doc.meta.date}T00:00:00Z`);
}

/** A file name from the document title, safe on Windows, macOS and Linux. */
export function fileNameFor(doc: Doc): string {
  const name = doc.meta.title.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '').replace(/\s+/g, '').slice(0, 80);
  return name === '' ? `${doc.meta.year}年度报告` : name;
}

const FORMAT_LABEL: Readonly<Record<Format, string>> = { docx: 'DOCX', pdf: 'PDF', txt: 'TXT' };

/** Renders one document in one format. Writers are loaded only when their format is asked for. */
async function render(
  format: Format,
  doc: Doc,
  date: Date,
  fonts: () => Promise<FontSet>,
  docx: DocxWriter,
): Promise<{ bytes: Uint8Array | string; warnings: readonly Diagnostic[] }> {
  switch (format) {
    case 'txt':
      return { bytes: toText(doc), warnings: [] };
    case 'docx':
      return { bytes: await docx.write(doc, date), warnings: [] };
    case 'pdf': {
      const { toPdf } = await import('../../render/pdf/index.js');
      const out = await toPdf(doc, await fonts(), { creationDate: date });
      return { bytes: out.bytes, warnings: out.warnings };
    }
  }
}

/** Every input of a year's documents, hashed: a change to any of them means a rebuild. */
function inputsHash(project: Project, c: CompiledYear, formats: readonly Format[], fonts: string[], env: NodeJS.ProcessEnv): string {
  const abs = (f: string) => path.resolve(project.root, f);
  return hashInputs([
    { name: 'tool', value: toolVersion() },
    { name: 'formats', value: [...formats].sort().join(',') },
    { name: 'SOURCE_DATE_EPOCH', value: env['SOURCE_DATE_EPOCH'] ?? '' },
    { name: 'config', file: path.join(project.root, CONFIG_FILE) },
    ...c.inputs.files.map((f) => ({ name: f, file: abs(f) })),
    { name: 'fonts', value: fonts.join('\n') },
  ]);
}

/** Builds (or, with `check`, compares) the given years. Problems are thrown as {@link UserError}. */
export async function runBuild(ctx: CliContext, project: Project, opts: BuildOptions, progress: (line: string) => void): Promise<BuildResult> {
  // Validate every year first: a build writes nothing unless all its inputs are good.
  const problems: Diagnostic[] = [];
  const compiled: CompiledYear[] = [];
  for (const y of opts.years) {
    try {
      compiled.push(compileYear(project, y));
    } catch (e) {
      if (!(e instanceof UserError) || e.exitCode !== 1) throw e;
      problems.push(...e.diagnostics);
    }
  }
  if (problems.length > 0) throw new UserError(problems);

  const formats = FORMATS.filter((f) => opts.formats.includes(f));
  let fontSet: FontSet | undefined;
  const fontLines: string[] = [];
  // Which font files serve the PDF (cheap: no font is read) …
  let resolving: Promise<FontSet> | undefined;
  const resolved = () =>
    (resolving ??= resolveFonts(project.config.fonts, project.root, ctx.env).then((r) => {
      if (!r.ok) throw new UserError(r.diagnostics.map((d) => (d.path && !d.line ? { ...d, ...project.locate(d.path) } : d)));
      fontSet = r.value;
      return r.value;
    }));
  // (Each font file is then read when the PDF writer first needs it.)
  const fonts = resolved;
  const fingerprint = formats.includes('pdf') ? fontFingerprint(await resolved()) : [];

  const manifest = readManifest(opts.outDir);
  const result: BuildResult = { written: [], skipped: [], stale: [], warnings: compiled.flatMap((c) => [...c.warnings]), fontLines };
  const updates: Record<string, YearEntry> = {};
  const total = compiled.length * formats.length;
  let done = 0;
  // The DOCX is written on a second thread while this one typesets the PDF.
  const docx = openDocxWriter();
  try {
  for (const c of compiled) {
    const inputs = inputsHash(project, c, formats, fingerprint, ctx.env);
    if (!opts.force && !opts.check && upToDate(manifest.years[String(c.year)], inputs, project.root, formats)) {
      result.skipped.push(c.year);
      done += formats.length;
      progress(`${c.year} 年：已是最新，跳过（输入没有变化；--force 可强制重新生成）`);
      continue;
    }
    const date = documentDate(c.doc, ctx.env);
    const base = fileNameFor(c.doc);
    const files: Record<string, { file: string; sha256: string; bytes: number }> = {};
    // Start every format at once (the DOCX goes to its thread), then write them in order.
    const rendering = formats.map((format) => render(format, c.doc, date, fonts, docx));
    rendering.forEach((r) => r.catch(() => {})); // awaited below; no unhandled rejection meanwhile
    for (const [k, format] of formats.entries()) {
      const out = await rendering[k]!;
      const bytes = typeof out.bytes === 'string' ? Buffer.from(out.bytes) : out.bytes;
      const file = path.join(opts.outDir, String(c.year), `${base}.${format}`);
      const rel = relative(project.root, file);
      const built: BuiltFile = { year: c.year, format, file: rel, bytes: bytes.byteLength, sha256: sha256(bytes) };
      result.warnings.push(...out.warnings.map((w) => withField(w, c)));
      done++;
      const counter = total > formats.length ? `[${done}/${total}] ` : '';
      if (opts.check) {
        const same = existsSync(file) && sha256(readFileSync(file)) === built.sha256;
        if (!same) result.stale.push(built);
        progress(`${counter}${same ? '一致' : existsSync(file) ? '已过期' : '缺少'} ${rel}`);
        continue;
      }
      writeAtomic(file, bytes, rel);
      files[format] = { file: rel, sha256: built.sha256, bytes: built.bytes };
      result.written.push(built);
      progress(`${counter}已生成 ${rel}（${formatSize(built.bytes)}）`);
    }
    if (!opts.check) updates[String(c.year)] = { inputs, files };
  }
  } finally {
    await docx.close();
  }
  if (!opts.check && Object.keys(updates).length > 0) {
    writeManifest(opts.outDir, updates, relative(project.root, path.join(opts.outDir, '.report-manifest.json')));
  }
  if (fontSet && result.written.some((f) => f.format === 'pdf')) fontLines.push(...describeFonts(fontSet));
  return result;
}

/** Names the data field a missing-glyph warning comes from, when the character is in the data. */
function withField(w: Diagnostic, c: CompiledYear): Diagnostic {
  const ch = /“(.)”/u.exec(w.message)?.[1];
  if (!ch || w.path) return w;
  const found = findString(c.data, ch, []);
  if (!found) return { ...w, file: w.file ?? c.inputs.template };
  return { ...w, file: c.inputs.data, ...c.locate(found), path: found, message: `${formatPath(found)}: ${w.message}` };
}

function findString(v: unknown, ch: string, at: (string | number)[]): (string | number)[] | null {
  if (typeof v === 'string') return v.includes(ch) ? at : null;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const r = findString(v[i], ch, [...at, i]);
      if (r) return r;
    }
  } else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const r = findString(x, ch, [...at, k]);
      if (r) return r;
    }
  }
  return null;
}

/** The `build` command. */
export function buildCommand(ctx: CliContext): Command {
  return new Command('build')
    .summary('把年度数据编译成 DOCX、PDF 和 TXT 文档')
    .description(
      '读取 data/年份.yaml 和模板，检查无误后在输出文件夹（默认 out/年份/）下生成文档，文件名取自文档标题。\n' +
        '任何输入有错都不会写出文件，原有文档保持不变。输入（数据、上一年数据、模板、配置、字体、程序版本）\n' +
        '都没变且文档未被改动的年份会跳过；--force 强制重新生成。',
    )
    .argument('[years...]', '要生成的年份，如 2024；可写多个')
    .option('-a, --all', '生成所有有数据文件的年份')
    .addOption(new Option('-f, --format <formats>', `要生成的格式，用逗号分隔（${FORMATS.join(',')}）`).argParser(parseFormats))
    .option('-o, --out <dir>', '输出文件夹（默认取 report.yaml 的 out，即 out/）')
    .option('--force', '即使输入没有变化也重新生成')
    .option('--check', '不写任何文件，只检查磁盘上的文档是否与数据一致（供 CI 使用）')
    .option('-q, --quiet', '成功时不打印任何内容')
    .addHelpText(
      'after',
      '\n示例:\n  report build 2024\n  report build 2024 2023 --format pdf --out 发布\n  report build --all\n  report build --check --all\n\n' +
        '退出码: 0 成功（--check：文档都是最新的）；1 输入有误，或 --check 发现文档过期；2 用法错误；3 程序内部错误',
    )
    .action(async (yearArgs: string[], opts: { all?: boolean; format?: Format[]; out?: string; quiet?: boolean; force?: boolean; check?: boolean }) => {
      const project = ctx.project();
      ctx.quiet = !!opts.quiet;
      const years = [...new Set([...(opts.all ? availableYears(project) : []), ...parseYears(yearArgs)])].sort((a, b) => b - a);
      if (years.length === 0) {
        throw new UserError(
          [
            {
              severity: 'error',
              message: opts.all ? `${project.config.data}/ 下没有任何年度数据文件` : '请写出要生成的年份，或用 --all 生成所有年份',
              hint: '用法: report build 2024，或 report build --all',
              code: 'usage.no-years',
            },
          ],
          opts.all ? 1 : 2,
        );
      }
      const outDir = path.resolve(project.root, opts.out ?? project.config.out);
      const live = !ctx.json && !ctx.quiet && process.stderr.isTTY === true;
      const progress = (line: string) => {
        if (ctx.json || ctx.quiet) return;
        if (live) process.stderr.write('\r\x1b[K');
        ctx.stdout(line);
      };
      const result = await runBuild(
        ctx,
        project,
        { years, formats: opts.format ?? project.config.formats, outDir, force: !!opts.force, check: !!opts.check },
        progress,
      );
      if (ctx.json) {
        ctx.stdout(
          JSON.stringify(
            {
              ok: result.stale.length === 0,
              mode: opts.check ? 'check' : 'build',
              files: (opts.check ? result.stale : result.written).map((f) => ({ ...f })),
              skipped: result.skipped,
              warnings: diagnosticsToJson(result.warnings),
            },
            null,
            2,
          ),
        );
      } else {
        if (!ctx.quiet) for (const line of result.fontLines) ctx.stdout(line);
        ctx.report(result.warnings);
      }
      if (opts.check && result.stale.length > 0) {
        if (!ctx.json) {
          ctx.stderr(`错误: ${result.stale.length} 个文档与数据不一致（已过期或缺少）：`);
          for (const f of result.stale) ctx.stderr(`  ${f.file}`);
          ctx.stderr('  提示: 运行 report build 重新生成，并提交生成的文档');
        }
        ctx.exitCode = 1;
      } else if (opts.check && !ctx.json && !ctx.quiet) {
        ctx.stdout(`文档都是最新的（${years.map((y) => `${y} 年`).join('、')}）`);
      }
    });
}
