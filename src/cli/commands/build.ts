/**
 * `report build YEAR…`: compiles each year's data into the documents and writes them under the
 * output folder, one line per file written.
 */
import path from 'node:path';
import { Command, Option } from 'commander';
import { formatPath, type Diagnostic } from '../../diagnostics.js';
import type { Doc } from '../../document/types.js';
import { toText } from '../../render/text.js';
import type { FontSet } from '../../fonts/types.js';
import type { CliContext } from '../context.js';
import { describeFonts, resolveFonts } from '../fonts.js';
import { writeAtomic } from '../output.js';
import { compileYear, type CompiledYear } from '../pipeline.js';
import { FORMATS, formatSize, relative, UserError, type Format, type Project } from '../project.js';
import { parseFormats, parseYears } from '../args.js';

/** What one build wrote. */
export interface WrittenFile {
  readonly year: number;
  readonly format: Format;
  readonly file: string;
  readonly bytes: number;
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

/** Renders one document in one format. */
async function render(
  format: Format,
  doc: Doc,
  date: Date,
  fonts: () => Promise<FontSet>,
): Promise<{ bytes: Uint8Array | string; warnings: readonly Diagnostic[] }> {
  switch (format) {
    case 'txt':
      return { bytes: toText(doc), warnings: [] };
    case 'docx': {
      const { toDocx } = await import('../../render/docx/index.js');
      return { bytes: await toDocx(doc, { modified: date }), warnings: [] };
    }
    case 'pdf': {
      const { toPdf } = await import('../../render/pdf/index.js');
      const out = await toPdf(doc, await fonts(), { creationDate: date });
      return { bytes: out.bytes, warnings: out.warnings };
    }
  }
}

/** Builds the given years; returns the files written. Problems are thrown as {@link UserError}. */
export async function buildYears(
  ctx: CliContext,
  project: Project,
  years: readonly number[],
  formats: readonly Format[],
  outDir: string,
): Promise<{ written: WrittenFile[]; warnings: Diagnostic[]; fontLines: string[] }> {
  // Validate every year first: a build writes nothing unless all its inputs are good.
  const compiled = years.map((y) => compileYear(project, y));
  let fontSet: FontSet | undefined;
  const fontLines: string[] = [];
  const fonts = async () => {
    if (!fontSet) {
      const r = await resolveFonts(project.config.fonts, project.root);
      if (!r.ok) throw new UserError(r.diagnostics);
      fontSet = r.value;
      fontLines.push(...describeFonts(fontSet));
    }
    return fontSet;
  };
  const written: WrittenFile[] = [];
  const warnings: Diagnostic[] = compiled.flatMap((c) => c.warnings);
  for (const c of compiled) {
    const date = documentDate(c.doc, ctx.env);
    const base = fileNameFor(c.doc);
    for (const format of FORMATS.filter((f) => formats.includes(f))) {
      const out = await render(format, c.doc, date, fonts);
      const file = path.join(outDir, String(c.year), `${base}.${format}`);
      const rel = relative(project.root, file);
      writeAtomic(file, out.bytes, rel);
      const size = typeof out.bytes === 'string' ? Buffer.byteLength(out.bytes) : out.bytes.byteLength;
      written.push({ year: c.year, format, file: rel, bytes: size });
      warnings.push(...out.warnings.map((w) => withField(w, c)));
      if (!ctx.quiet) ctx.stdout(`已生成 ${rel}（${formatSize(size)}）`);
    }
  }
  return { written, warnings, fontLines };
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
      '读取 data/年份.yaml 和模板，检查无误后在输出文件夹（默认 out/年份/）下生成文档。\n' +
        '文件名取自文档标题。任何输入有错都不会写出文件，原有文档保持不变。',
    )
    .argument('<years...>', '要生成的年份，如 2024；可写多个')
    .addOption(
      new Option('-f, --format <formats>', `要生成的格式，用逗号分隔（${FORMATS.join(',')}）`).argParser(parseFormats),
    )
    .option('-o, --out <dir>', '输出文件夹（默认取 report.yaml 的 out，即 out/）')
    .option('-q, --quiet', '不打印生成的文件')
    .addHelpText(
      'after',
      '\n示例:\n  report build 2024\n  report build 2024 --format pdf --out 发布\n\n退出码: 0 成功；1 输入有误；2 用法错误；3 程序内部错误',
    )
    .action(async (yearArgs: string[], opts: { format?: Format[]; out?: string; quiet?: boolean }) => {
      const project = ctx.project();
      const years = parseYears(yearArgs);
      const formats = opts.format ?? project.config.formats;
      const outDir = path.resolve(project.root, opts.out ?? project.config.out);
      ctx.quiet = !!opts.quiet;
      const result = await buildYears(ctx, project, years, formats, outDir);
      for (const line of result.fontLines) if (!ctx.quiet) ctx.stdout(line);
      ctx.report(result.warnings);
    });
}
