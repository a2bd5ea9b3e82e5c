/**
 * `report build YEAR… | --all`: compiles each year's data into the documents and writes them under
 * the output folder, one line per file written. A year whose inputs have not changed since its
 * documents were written is skipped (see manifest.ts); `--check` writes nothing and says whether the
 * documents on disk are current.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import { formatPath, type Diagnostic } from '../../diagnostics.js';
import type { Doc } from '../../document/types.js';
import { titleBreaks, titleMeasure } from '../../layout/title-break.js';
import { toText } from '../../render/text.js';
import type { FontSet } from '../../fonts/types.js';
import type { FontProgramStore } from '../../render/pdf/index.js';
import type { CliContext } from '../context.js';
import { cacheFolder, describeFonts, fingerprintOf, fontFileEntry, fontFingerprint, fontProblem, resolveProjectFonts } from '../fonts.js';
import { loadWordLengths, saveWordLengths } from '../word-lengths.js';
import {
  documentState,
  freshness,
  type DocumentState,
  hashInputs,
  MANIFEST_FILE,
  readManifest,
  sha256,
  toolIdentity,
  writeManifest,
  type DocumentEntry,
  type FileHashes,
  type Freshness,
  type Input,
} from '../manifest.js';
import { entryAt, FileProblem, readInput } from '../files.js';
import { openDocxWriter, type DocxWriter } from '../docx-pool.js';
import { countProblems, problemsToJson, TEMP_NAME_EXTRA, writeAtomic } from '../output.js';
import { compileYear, type CompiledYear } from '../pipeline.js';
import { availableYears, CONFIG_FILE, FORMATS, formatSize, relative, UserError, type Format, type Project } from '../project.js';
import { parseFormats, parseYears } from '../args.js';
import { fontProgramStore, projectCompileCache } from '../project-cache.js';

/** One document of a build. */
export interface BuiltFile {
  readonly year: number;
  readonly format: Format;
  readonly file: string;
  readonly bytes: number;
  readonly sha256: string;
  /** With --check: the document on disk was changed by hand since it was written (per the manifest). */
  readonly edited?: boolean;
}

/** What a build did. */
export interface BuildResult {
  readonly written: BuiltFile[];
  /** Years whose every requested document was up to date (nothing written). */
  readonly skipped: number[];
  /** Documents that were up to date and left as they were (those of skipped years among them). */
  readonly unchanged: { readonly year: number; readonly format: Format; readonly file: string }[];
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

/** Where a build reports its progress. */
export interface BuildProgress {
  /** A finished step: one line per document, the up-to-date and rebuild-reason lines. */
  line(text: string): void;
  /** What is being worked on now (a terminal shows it on a live line; elsewhere it is dropped). */
  status?(text: string): void;
}

/**
 * SOURCE_DATE_EPOCH (https://reproducible-builds.org/specs/source-date-epoch/) as a date, null when
 * unset or empty; a value that is not a whole number of seconds is a usage error rather than
 * silently ignored.
 */
export function sourceDateEpoch(env: NodeJS.ProcessEnv): Date | null {
  const raw = env['SOURCE_DATE_EPOCH'];
  if (raw === undefined || raw.trim() === '') return null;
  const date = /^\d{1,12}$/.test(raw.trim()) ? new Date(Number(raw.trim()) * 1000) : null;
  if (!date || Number.isNaN(date.getTime()) || date.getUTCFullYear() > 9999) {
    throw new UserError(
      [
        {
          severity: 'error',
          message: `环境变量 SOURCE_DATE_EPOCH 应为从 1970-01-01 起的秒数（如 1737331200），实际为 "${raw}"`,
          hint: '不设 SOURCE_DATE_EPOCH 时，文档里的日期取数据中的成文日期',
          code: 'usage.source-date-epoch',
        },
      ],
      2,
    );
  }
  return date;
}

/** The date stamped into documents: SOURCE_DATE_EPOCH when set, else the 成文日期; never the clock. */
export function documentDate(doc: Doc, env: NodeJS.ProcessEnv): Date {
  return sourceDateEpoch(env) ?? new Date(`${doc.meta.date}T00:00:00Z`);
}

/**
 * The longest document name, in UTF-8 bytes: file systems allow 255 bytes a name (Linux, most
 * others; Windows and macOS count 255 UTF-16 units, which this also keeps), and the name must leave
 * room for the extension (`.docx`) and for the temporary name it is first written under (output.ts:
 * `.<name>.<ext>.<pid>.<random>.tmp`, at most {@link TEMP_NAME_EXTRA} bytes more).
 */
export const MAX_NAME_BYTES = 255 - TEMP_NAME_EXTRA - '.docx'.length;

/**
 * A file name from the document title, safe on Windows, macOS and Linux: no path separators,
 * reserved or control characters, no spaces, at most {@link MAX_NAME_BYTES} UTF-8 bytes (cut
 * between characters, never inside one).
 */
export function fileNameFor(doc: Doc): string {
  const cleaned = doc.meta.title.replace(/[\\/:*?"<>|\u0000-\u001f\u007f]/g, '').replace(/\s+/g, '').replace(/^\.+/, '');
  let name = '';
  let bytes = 0;
  for (const ch of cleaned) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (bytes + n > MAX_NAME_BYTES) break;
    name += ch;
    bytes += n;
  }
  return name === '' ? `${doc.meta.year}年度报告` : name;
}

/**
 * A document on disk for `build --check`: its bytes (read through the reading rule, at most one
 * byte more than the new document, so a huge or endless file is not read whole), whether it is
 * missing, or why it cannot be compared (a folder, unreadable …).
 */
function onDisk(file: string, display: string, expected: number): { bytes: Buffer | null; missing: boolean; problem: string | null } {
  if (entryAt(file) === 'missing') return { bytes: null, missing: true, problem: null };
  try {
    return { bytes: readInput({ file, display, kind: 'document' }, expected), missing: false, problem: null };
  } catch (e) {
    if (!(e instanceof FileProblem)) throw e;
    // Larger than the document it should be: simply out of date.
    return { bytes: null, missing: false, problem: e.diagnostic.code === 'input.too-large' ? null : e.reason };
  }
}

const FORMAT_LABEL: Readonly<Record<Format, string>> = { docx: 'DOCX', pdf: 'PDF', txt: 'TXT' };

/** Renders one document in one format. Writers are loaded only when their format is asked for. */
async function render(
  format: Format,
  doc: Doc,
  date: Date,
  fonts: () => Promise<FontSet>,
  docx: DocxWriter,
  fontPrograms?: FontProgramStore,
): Promise<{ bytes: Uint8Array | string; warnings: readonly Diagnostic[] }> {
  switch (format) {
    case 'txt':
      return { bytes: toText(doc), warnings: [] };
    case 'docx':
      return { bytes: await docx.write(doc, date), warnings: [] };
    case 'pdf': {
      const { toPdf } = await import('../../render/pdf/index.js');
      const out = await toPdf(doc, await fonts(), { creationDate: date, ...(fontPrograms ? { fontPrograms } : {}) });
      return { bytes: out.bytes, warnings: out.warnings };
    }
  }
}

/**
 * Every input of one document, for the manifest: the program, report.yaml, each file the year was
 * compiled from (`CompiledYear.inputs.files`: its data, the previous year's data, the template), and
 * what only some formats depend on: the stamped date for DOCX and PDF, the font files for PDF.
 * A change to any of them rebuilds the document.
 */
export function documentInputs(
  project: Project,
  c: CompiledYear,
  format: Format,
  extra: { readonly env: NodeJS.ProcessEnv; readonly fonts: readonly string[]; readonly titleFont?: string | null },
): Input[] {
  const inputs: Input[] = [
    { key: 'tool', value: toolIdentity() },
    { key: `file:${CONFIG_FILE}`, file: path.join(project.root, CONFIG_FILE) },
    ...c.inputs.files.map((f) => ({ key: `file:${f}`, file: path.resolve(project.root, f) })),
  ];
  if (format !== 'txt') inputs.push({ key: 'env:SOURCE_DATE_EPOCH', value: extra.env['SOURCE_DATE_EPOCH']?.trim() ?? '' });
  // fontFingerprint: `file#face:size:mtime` of every font file the PDF may use; the DOCX's title
  // lines are measured with the title font, and the page its 版记 goes on (公文) with all of them.
  const imprint = c.doc.blocks.some((b) => b.type === 'imprint');
  const fonts =
    format === 'pdf' || (format === 'docx' && imprint)
      ? extra.fonts
      : format === 'docx'
        ? extra.fonts.filter((f) => extra.titleFont && f.startsWith(`${extra.titleFont}:`))
        : [];
  {
    for (const f of fonts) {
      const at = f.lastIndexOf('#');
      const name = relative(project.root, f.slice(0, at)) + f.slice(at).replace(/:.*$/, '');
      inputs.push({ key: `font:${name}`, value: f });
    }
  }
  return inputs;
}

/**
 * The document with its title's lines decided once, for the DOCX and the PDF alike, by the title
 * breaker measured with the title font's real widths (layout/title-break.ts: titleMeasure). Lines
 * the template author chose are kept. `kept`: where the lines decided for a title are kept between
 * runs (the compile cache), by the title and the title fonts (`fontKey`: their files, sizes and
 * times); a year's title seldom changes when its data does.
 */
export async function decideTitle(
  doc: Doc,
  fonts: FontSet,
  kept?: { readonly fontKey: string; get(key: string): unknown; set(key: string, breaks: readonly number[]): void },
): Promise<Doc> {
  const index = doc.blocks.findIndex((b) => b.type === 'title');
  const title = doc.blocks[index];
  if (!title || title.type !== 'title' || title.breaks) return doc;
  const key = kept ? `${kept.fontKey}\0${JSON.stringify(title)}` : '';
  const known = kept?.get(key);
  if (Array.isArray(known) && known.every((n) => Number.isInteger(n) && n > 0 && n < [...title.text].length)) {
    return { ...doc, blocks: doc.blocks.map((b, i) => (i === index ? { ...title, breaks: known as number[] } : b)) };
  }
  // Opened as the PDF's layout opens them, once per process: the PDF reuses what is read here.
  const { openFont: open } = await import('../../render/pdf/index.js');
  const { primary, fallbacks } = fonts.title;
  const advance = (c: string): number | undefined => {
    if (open(primary).has(c)) return open(primary).advance(c);
    const fb = fallbacks.find((f) => open(f).has(c));
    return fb ? open(fb).advance(c) : undefined;
  };
  const breaks = titleBreaks(title, titleMeasure(advance));
  kept?.set(key, breaks);
  const blocks = doc.blocks.map((b, i) => (i === index ? { ...title, breaks } : b));
  return { ...doc, blocks };
}

/**
 * The document with the place of its 版记 decided (layout/gongwen.ts placeImprint: after the text
 * on its last page, on a page of its own, or on an even page after a blank one) by laying the pages
 * out as the PDF does, with the PDF's fonts, so that the DOCX puts the 版记 on the page the PDF
 * does. Documents without a 版记, or whose place is decided already, are returned as they are.
 */
export async function decideImprint(doc: Doc, fonts: FontSet): Promise<Doc> {
  const index = doc.blocks.findIndex((b) => b.type === 'imprint');
  const imprint = doc.blocks[index];
  if (!imprint || imprint.type !== 'imprint' || imprint.placement) return doc;
  const { layoutWith } = await import('../../render/pdf/index.js');
  const placed = layoutWith(doc, fonts).imprint;
  if (!placed) return doc;
  return { ...doc, blocks: doc.blocks.map((b, i) => (i === index ? { ...imprint, placement: placed.placement } : b)) };
}

/** An input key as the user knows it: 程序版本, PDF 字体 …, or the file's path. */
export function describeInput(key: string): string {
  if (key === 'tool') return '程序版本';
  if (key.startsWith('file:')) return key.slice(5);
  if (key.startsWith('env:')) return `环境变量 ${key.slice(4)}`;
  if (key.startsWith('font:')) return `PDF 字体 ${key.slice(5).replace(/#$/, '')}`;
  return key;
}

/** Builds (or, with `check`, compares) the given years. Problems are thrown as {@link UserError}. */
export async function runBuild(
  ctx: CliContext,
  project: Project,
  opts: BuildOptions,
  progress: BuildProgress | ((line: string) => void),
): Promise<BuildResult> {
  const report: BuildProgress = typeof progress === 'function' ? { line: progress } : progress;
  sourceDateEpoch(ctx.env); // a malformed value stops the build before anything is written
  // The DOCX is written on a second thread while this one typesets the PDF. The thread starts now,
  // to load the DOCX library while this one reads and checks the data (an idle thread never keeps
  // the process alive, so a build that stops early needs no cleanup).
  const docx = openDocxWriter();
  // The line breaker's word lengths found by earlier runs: with them ICU's dictionary may not be
  // needed at all (cli/word-lengths.ts); without them the DOCX thread loads it meanwhile.
  const cacheDir = cacheFolder(ctx.env);
  const wordLengthsKept = opts.formats.includes('pdf') && loadWordLengths(cacheDir);
  if (opts.formats.includes('docx')) {
    docx.start();
    // While it waits for the document, the thread loads what the PDF's line breaker needs.
    if (opts.formats.includes('pdf') && !wordLengthsKept) docx.prepareLineBreaking();
  }
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
  // Which font files serve the PDF (cheap: each file is read only when the PDF writer needs it).
  let resolving: Promise<FontSet> | undefined;
  const fonts = () =>
    (resolving ??= resolveProjectFonts(project, ctx.env).then((set) => {
      fontSet = set;
      return set;
    }));
  // The font files are inputs of the PDF: resolved before deciding whether it is up to date.
  // The DOCX depends on the title font too: its title lines are measured with it (see decideTitle).
  const fingerprint = formats.includes('pdf') || formats.includes('docx') ? fontFingerprint(await fonts()) : [];
  const titleFont = fontSet ? fontFileEntry(fontSet.title.primary) : null;

  // A build of one document keeps its PDF's compressed font programs for the next (a rebuild after
  // figures changed uses the same glyphs); a batch does not, each year's glyphs being its own.
  const cache = projectCompileCache(ctx.env);
  const fontPrograms =
    compiled.length === 1 && fontSet && formats.includes('pdf') ? fontProgramStore(cache, fontSet, fingerprint, `${project.root}#${compiled[0]!.year}`) : undefined;
  // The title's lines, kept by title and title fonts (their entries in the fingerprint); a batch
  // keeps none, its years' titles differing.
  const titleStore =
    fontSet && compiled.length === 1
      ? {
          fontKey: fingerprintOf(fingerprint, [fontSet.title.primary, ...fontSet.title.fallbacks]).join('\n'),
          get: (key: string) => cache.get(`title-lines:${project.root}`, key),
          set: (key: string, breaks: readonly number[]) => cache.set(`title-lines:${project.root}`, key, breaks),
        }
      : undefined;
  const manifest = readManifest(opts.outDir);
  const result: BuildResult = {
    written: [],
    skipped: [],
    unchanged: [],
    stale: [],
    warnings: compiled.flatMap((c) => [...c.warnings]),
    fontLines,
  };
  // Each recorded document is read (and hashed) once, however many checks ask about it.
  const states = new Map<string, DocumentState>();
  const stateOf = (entry: DocumentEntry): DocumentState => {
    let state = states.get(entry.file);
    if (state === undefined) states.set(entry.file, (state = documentState(entry, opts.outDir)));
    return state;
  };
  if (!opts.force && !opts.check) refuseToOverwriteEdits(project, compiled, formats, manifest, opts.outDir, stateOf);
  const updates: Record<string, Record<string, DocumentEntry>> = {};
  const fileHashes: FileHashes = new Map();
  /** Documents written before under a name no longer built (the title changed), to remove. */
  const renamed: { readonly entry: DocumentEntry; readonly file: string }[] = [];
  const total = compiled.length * formats.length;
  let done = 0;
  const counter = () => (compiled.length > 1 ? `[${done}/${total}] ` : '');
  try {
    for (const c of compiled) {
      const year = String(c.year);
      const inputs = new Map(formats.map((f) => [f, hashInputs(documentInputs(project, c, f, { env: ctx.env, fonts: fingerprint, titleFont }), fileHashes)]));
      const state = new Map(
        formats.map((f) => [f, opts.force || opts.check ? null : freshness(manifest.years[year]?.[f], inputs.get(f)!, opts.outDir, stateOf)]),
      );
      const todo = formats.filter((f) => !state.get(f)?.fresh);
      const current = formats.filter((f) => state.get(f)?.fresh);
      for (const f of current) result.unchanged.push({ year: c.year, format: f, file: relative(project.root, path.join(opts.outDir, ...manifest.years[year]![f]!.file.split('/'))) });
      done += current.length;
      if (todo.length === 0) {
        result.skipped.push(c.year);
        report.line(`${counter()}${c.year} 年：已是最新，跳过（输入没有变化；--force 可强制重新生成）`);
        continue;
      }
      if (current.length > 0) report.line(`${c.year} 年：${current.map((f) => FORMAT_LABEL[f]).join('、')} 已是最新`);
      const why = rebuildReason(todo.map((f) => state.get(f) ?? null), (file) => relative(project.root, path.join(opts.outDir, ...file.split('/'))));
      if (why) report.line(`${c.year} 年：${why}，重新生成`);

      const date = documentDate(c.doc, ctx.env);
      const base = fileNameFor(c.doc);
      report.status?.(`${counter()}正在${opts.check ? '检查' : '生成'} ${c.year} 年的 ${todo.map((f) => FORMAT_LABEL[f]).join('、')}…`);
      // Start every format at once (the DOCX goes to its thread), then write them in order.
      const titled = todo.some((f) => f !== 'txt') ? await decideTitle(c.doc, await fonts(), titleStore) : c.doc;
      // The DOCX puts the 版记 where the PDF's pages put it (the PDF decides it again itself).
      const doc = todo.includes('docx') ? await decideImprint(titled, await fonts()) : titled;
      const rendering = todo.map((format) => render(format, doc, date, fonts, docx, fontPrograms));
      rendering.forEach((r) => r.catch(() => {})); // awaited below; no unhandled rejection meanwhile
      for (const [k, format] of todo.entries()) {
        const out = await rendering[k]!;
        const bytes = typeof out.bytes === 'string' ? Buffer.from(out.bytes) : out.bytes;
        const file = path.join(opts.outDir, year, `${base}.${format}`);
        const rel = relative(project.root, file);
        const built: BuiltFile = { year: c.year, format, file: rel, bytes: bytes.byteLength, sha256: sha256(bytes) };
        result.warnings.push(...out.warnings.map((w) => withField(w, c)));
        done++;
        if (opts.check) {
          const found = onDisk(file, rel, bytes.byteLength);
          const same = found.bytes !== null && sha256(found.bytes) === built.sha256;
          if (!same) {
            const entry = manifest.years[year]?.[format];
            const edited = entry !== undefined && entry.file === `${year}/${base}.${format}` && stateOf(entry) === 'edited';
            result.stale.push(edited ? { ...built, edited } : built);
          }
          report.line(`${counter()}${same ? '一致' : found.problem ? `无法比较（${found.problem}）` : found.missing ? '缺少' : '已过期'} ${rel}`);
          continue;
        }
        writeAtomic(file, bytes, rel);
        const before = manifest.years[year]?.[format];
        if (before && before.file !== `${year}/${base}.${format}`) renamed.push({ entry: before, file: `${year}/${base}.${format}` });
        (updates[year] ??= {})[format] = { file: `${year}/${base}.${format}`, bytes: built.bytes, sha256: built.sha256, inputs: inputs.get(format)! };
        result.written.push(built);
        report.line(`${counter()}已生成 ${rel}（${formatSize(built.bytes)}）`);
      }
    }
  } catch (e) {
    // A font found broken while the PDF was made: a problem with that file, not a bug.
    throw await fontProblem(e, project.root);
  } finally {
    await docx.close();
  }
  const kept: Record<string, string> = {};
  for (const r of renamed) {
    if (removeRenamed(project, r.entry, r.file, opts.outDir, report, result.warnings)) kept[r.entry.file] = r.entry.sha256;
  }
  if (!opts.check && Object.keys(updates).length > 0) {
    writeManifest(opts.outDir, updates, relative(project.root, path.join(opts.outDir, MANIFEST_FILE)), kept);
  }
  if (fontSet && result.written.some((f) => f.format === 'pdf')) fontLines.push(...describeFonts(fontSet));
  if (formats.includes('pdf')) saveWordLengths(cacheDir);
  return result;
}

/**
 * Stops a build that would overwrite a document changed by hand since it was written (edited in Word
 * or WPS: its bytes differ from the manifest's record) — those changes would be lost. Nothing is
 * written; the message names each document and the two ways on: keep the changes under another name,
 * or rebuild with --force. Documents whose name changes with the title are never overwritten, so
 * only the documents that would be written under their recorded name are checked.
 */
function refuseToOverwriteEdits(
  project: Project,
  compiled: readonly CompiledYear[],
  formats: readonly Format[],
  manifest: ReturnType<typeof readManifest>,
  outDir: string,
  stateOf: (entry: DocumentEntry) => DocumentState,
): void {
  const edited: Diagnostic[] = [];
  for (const c of compiled) {
    const year = String(c.year);
    const base = fileNameFor(c.doc);
    for (const f of formats) {
      const target = `${year}/${base}.${f}`;
      const entry = manifest.years[year]?.[f];
      const changed =
        (entry && entry.file === target && stateOf(entry) === 'edited') ||
        // Left in place, changed, under this name when the title changed; the title is back to it.
        (manifest.kept?.[target] !== undefined && entryAt(path.join(outDir, ...target.split('/'))) === 'file');
      if (!changed) continue;
      edited.push({
        severity: 'error',
        file: relative(project.root, path.join(outDir, ...target.split('/'))),
        message: `这份文档在上次生成后被改动过（例如在 Word 或 WPS 里编辑过），重新生成会覆盖这些改动，所以没有生成 ${c.year} 年的文档`,
        hint: '要保留改动：先把这个文件另存为别的名字（或移出输出文件夹），再运行 report build；不要这些改动：运行 report build 时加 --force',
        code: 'build.edited-document',
      });
    }
  }
  if (edited.length > 0) throw new UserError(edited);
}

/**
 * After a build that wrote a document under a new name (its title changed), removes the document
 * written before under the old name, so that out/ never holds two versions of one year's report — but
 * only when it is exactly as written (a changed one is left, with a warning saying so). Returns
 * whether it was left because it was changed (the manifest then lists it under `kept`).
 */
function removeRenamed(project: Project, entry: DocumentEntry, now: string, outDir: string, report: BuildProgress, warnings: Diagnostic[]): boolean {
  const old = path.join(outDir, ...entry.file.split('/'));
  const shown = relative(project.root, old);
  const state = documentState(entry, outDir);
  if (state === 'missing') return false;
  if (state === 'edited') {
    warnings.push({
      severity: 'warning',
      file: shown,
      message: `标题改了，文档改名为 ${relative(project.root, path.join(outDir, ...now.split('/')))}；旧文件在上次生成后被改动过，保留未删`,
      hint: '确认不再需要它后自己删除，以免发错文件',
      code: 'build.renamed-kept',
    });
    return true;
  }
  try {
    rmSync(old);
    report.line(`已删除 ${shown}（标题改了，文档已改名）`);
  } catch {
    warnings.push({ severity: 'warning', file: shown, message: '标题改了，文档已改名，但旧文件删不掉', hint: '自己删除这个旧文件，以免发错文件', code: 'build.renamed-kept' });
  }
  return false;
}

/** Why documents that were built before are built again (null for new documents and --force). */
function rebuildReason(states: readonly (Freshness | null)[], display: (manifestPath: string) => string): string | null {
  const changed = [...new Set(states.flatMap((s) => (s && !s.fresh && s.why === 'inputs' ? s.changed : [])))];
  if (changed.length > 0) return `${changed.map(describeInput).join('、')} 有变化`;
  const deleted = states.flatMap((s) => (s && !s.fresh && s.why === 'deleted' ? [display(s.file)] : []));
  if (deleted.length > 0) return `${deleted.join('、')} 在上次生成后被删除`;
  const edited = states.flatMap((s) => (s && !s.fresh && s.why === 'edited' ? [display(s.file)] : []));
  if (edited.length > 0) return `${edited.join('、')} 在上次生成后被改动过`;
  return null;
}

/** Cuts a line to fit a terminal row (汉字 take two columns), so that clearing it clears all of it. */
export function fitWidth(text: string, columns: number): string {
  let width = 0;
  let out = '';
  for (const ch of text) {
    const w = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u.test(ch) ? 2 : 1;
    if (width + w > columns - 2) return `${out}…`;
    width += w;
    out += ch;
  }
  return out;
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
    .argument('[年份...]', '要生成的年份，如 2024；可写多个')
    .option('-a, --all', '生成所有有数据文件的年份')
    .addOption(new Option('-f, --format <格式>', `要生成的格式：${FORMATS.join('、')}，几种用逗号分隔（如 docx,pdf）`).argParser(parseFormats))
    .option('-o, --out <文件夹>', '输出文件夹（默认取 report.yaml 的 out，即 out/）')
    .option('--force', '即使输入没有变化、文档被改动过也重新生成')
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
      // On a terminal the work in progress shows on a live line that the finished lines replace; in
      // CI, logs and pipes there are only the finished lines (and with --quiet or --json nothing).
      const live = !ctx.json && !ctx.quiet && process.stderr.isTTY === true && !ctx.env['CI'] && ctx.env['TERM'] !== 'dumb';
      let shown = false;
      const clear = () => {
        if (shown) process.stderr.write('\r\x1b[K');
        shown = false;
      };
      const progress: BuildProgress = {
        line: (text) => {
          if (ctx.json || ctx.quiet) return;
          clear();
          ctx.stdout(text);
        },
        status: (text) => {
          if (!live) return;
          clear();
          process.stderr.write(fitWidth(text, process.stderr.columns || 80));
          shown = true;
        },
      };
      let result: BuildResult;
      try {
        result = await runBuild(
          ctx,
          project,
          { years, formats: opts.format ?? project.config.formats, outDir, force: !!opts.force, check: !!opts.check },
          progress,
        );
      } finally {
        clear();
      }
      if (ctx.json) {
        ctx.stdout(
          JSON.stringify(
            {
              ok: result.stale.length === 0,
              mode: opts.check ? 'check' : 'build',
              files: (opts.check ? result.stale : result.written).map((f) => ({ ...f })),
              skipped: result.skipped,
              unchanged: result.unchanged,
              // The first 20 warnings, as printed, and how many there are in all.
              warnings: problemsToJson(result.warnings).diagnostics,
              warningCount: countProblems(result.warnings, 'warning'),
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
          const edited = result.stale.filter((f) => f.edited);
          if (edited.length > 0) {
            ctx.stderr(
              `  提示: ${edited.map((f) => f.file).join('、')} 在上次生成后被手工改动过，report build 不会覆盖它：` +
                '要保留改动，先另存为别的名字；不要这些改动，运行 report build 时加 --force',
            );
          }
          if (result.stale.every((f) => f.format === 'pdf')) {
            ctx.stderr(
              '  提示: 只有 PDF 不一致时，多半是这台电脑与生成文档的电脑用的字体不同（report fonts 可查看）；' +
                '在 report.yaml 的 fonts 中写明项目里的字体文件，各处生成的 PDF 才会相同',
            );
          }
        }
        ctx.exitCode = 1;
      } else if (opts.check && !ctx.json && !ctx.quiet) {
        ctx.stdout(`文档都是最新的（${years.map((y) => `${y} 年`).join('、')}）`);
      }
    });
}
