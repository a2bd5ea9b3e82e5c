/**
 * Finding the PDF's fonts on this machine. For each role the first of these wins:
 *   1. the file named in report.yaml (`fonts: { body: { file, face } }`) — a missing or unreadable
 *      file is an error, never silently replaced;
 *   2. the official font installed on the machine (Windows and macOS font folders, fontconfig
 *      folders), found by its usual file names and confirmed by the names inside the file (its
 *      `name` table); for the body also FandolFang (TeX Live), the one free real 仿宋;
 *   3. a free stand-in from the pinned npm font packages (Noto Serif SC, Noto Sans SC, LXGW WenKai).
 * Only file names are listed in the font folders; of a candidate only the table directory and the
 * `name` and `OS/2` tables are read, and a font whose licence forbids embedding is not used. WOFF
 * files are unpacked once and the result kept in the cache folder.
 */
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fail, ok, type Diagnostic, type Result } from '../diagnostics.js';
import { containerOf, embeddingAllowed, FontFileError, readFaces, woffToSfnt, type FaceInfo } from '../fonts/sfnt.js';
import type { FontReader } from '../fonts/truetype.js';
import { ROLE_LABEL, type FontFile, type FontSet, type FontSource, type RoleFonts } from '../fonts/types.js';
import { OFFICIAL_FONT_NAMES, type FontRole } from '../layout/gbt9704.js';
import { checkFontFile, FileProblem, fileProblem, openInput, readInput } from './files.js';
import { UserError, type ConfiguredFonts, type Project } from './project.js';

const ROLES: readonly FontRole[] = ['title', 'body', 'heading1', 'heading2', 'pageNumber'];

/** A font installed on machines of Chinese offices, by its usual file names. */
interface SystemFont {
  readonly files: readonly string[];
  readonly family: string;
  /** The face (PostScript name) inside a TTC. */
  readonly face?: string;
  /** Words one of the font's own names must contain (compared without case, spaces, - and _). */
  readonly names: readonly string[];
  readonly official: boolean;
}

/** Official fonts per role (and FandolFang, the free real 仿宋), in order of preference. */
const SYSTEM_FONTS: Readonly<Record<FontRole, readonly SystemFont[]>> = {
  title: [
    { files: ['FZXBSJW.TTF', 'FZXBSJW--GB1-0.ttf', '方正小标宋简体.ttf', 'FZXiaoBiaoSong-B05S.ttf'], family: '方正小标宋简体', names: ['方正小标宋', 'FZXiaoBiaoSong', 'FZXBS'], official: true },
    { files: ['FZXBSK.TTF', '方正小标宋_GBK.ttf'], family: '方正小标宋_GBK', names: ['方正小标宋', 'FZXiaoBiaoSong', 'FZXBS'], official: true },
  ],
  body: [
    { files: ['仿宋_GB2312.ttf', 'FANGSONG_GB2312.TTF', 'fs_GB2312.ttf', 'SIMFANG_GB2312.TTF'], family: '仿宋_GB2312', names: ['仿宋_GB2312', 'FangSong_GB2312'], official: true },
    { files: ['simfang.ttf', 'FangSong.ttf', '仿宋.ttf'], family: '仿宋', names: ['仿宋', 'FangSong'], official: true },
    { files: ['FandolFang-Regular.otf'], family: 'FandolFang', names: ['FandolFang'], official: false },
  ],
  heading1: [{ files: ['simhei.ttf', 'SimHei.ttf', '黑体.ttf'], family: '黑体', names: ['黑体', 'SimHei'], official: true }],
  heading2: [
    { files: ['楷体_GB2312.ttf', 'KAITI_GB2312.TTF', 'kt_GB2312.ttf'], family: '楷体_GB2312', names: ['楷体_GB2312', 'KaiTi_GB2312'], official: true },
    { files: ['simkai.ttf', 'KaiTi.ttf', '楷体.ttf'], family: '楷体', names: ['楷体', 'KaiTi'], official: true },
  ],
  pageNumber: [
    { files: ['simsun.ttc'], family: '宋体', face: 'SimSun', names: ['宋体', 'SimSun'], official: true },
    { files: ['SimSun.ttf', '宋体.ttf'], family: '宋体', names: ['宋体', 'SimSun'], official: true },
  ],
};

/** Free stand-ins from the npm font packages (pinned in package.json). */
const BUNDLED: Readonly<Record<string, { module: string; family: string }>> = {
  serif: { module: '@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf', family: 'Noto Serif SC' },
  serifBlack: { module: '@expo-google-fonts/noto-serif-sc/900Black/NotoSerifSC_900Black.ttf', family: 'Noto Serif SC Black' },
  sans: { module: '@expo-google-fonts/noto-sans-sc/500Medium/NotoSansSC_500Medium.ttf', family: 'Noto Sans SC Medium' },
  kai: { module: '@fontsource/lxgw-wenkai/files/lxgw-wenkai-latin-500-normal.woff', family: 'LXGW WenKai' },
};

/** The stand-in of each role, then the fallbacks for characters a role's font lacks. */
const BUNDLED_CHAIN: Readonly<Record<FontRole, readonly (keyof typeof BUNDLED)[]>> = {
  title: ['serifBlack', 'serif', 'kai'],
  body: ['serif', 'kai'],
  heading1: ['sans', 'serif', 'kai'],
  heading2: ['kai', 'serif'],
  pageNumber: ['serif', 'kai'],
};

/**
 * Folders where fonts are installed, on Windows, macOS and Linux (fontconfig, TeX Live). A `*`
 * stands for any one folder name (the TeX Live year), so TeX Live is looked into only where
 * FandolFang lives, not walked as a whole.
 */
export function fontFolders(env: NodeJS.ProcessEnv): string[] {
  const home = env['HOME'] ?? homedir();
  const windir = env['WINDIR'] ?? 'C:\\Windows';
  const local = env['LOCALAPPDATA'];
  const fandol = path.join('texmf-dist', 'fonts', 'opentype', 'public', 'fandol');
  return [
    path.join(windir, 'Fonts'),
    ...(local ? [path.join(local, 'Microsoft', 'Windows', 'Fonts')] : []),
    '/Library/Fonts',
    '/System/Library/Fonts',
    path.join(home, 'Library', 'Fonts'),
    '/usr/share/fonts',
    '/usr/local/share/fonts',
    path.join(home, '.local', 'share', 'fonts'),
    path.join(home, '.fonts'),
    path.join('/usr/share/texlive', fandol),
    '/usr/share/texmf/fonts/opentype/public/fandol',
    path.join('/usr/local/texlive', '*', fandol),
    path.join('C:\\texlive', '*', fandol),
  ];
}

/** Expands the `*` folder names of a pattern into the folders that exist. */
function expandFolder(pattern: string): string[] {
  const star = pattern.split(path.sep).indexOf('*');
  if (star < 0) return [pattern];
  const parts = pattern.split(path.sep);
  const parent = parts.slice(0, star).join(path.sep) || path.sep;
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return [];
  }
  return names.sort().reverse().flatMap((n) => expandFolder([parent, n, ...parts.slice(star + 1)].join(path.sep)));
}

/** Lists font file names under the folders (a few levels deep), without opening any file. */
function listFontFiles(folders: readonly string[]): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (dir: string, depth: number) => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (depth < 4) walk(p, depth + 1);
      } else if (/\.(ttf|otf|ttc)$/i.test(e.name)) {
        const key = e.name.toLowerCase();
        if (!found.has(key)) found.set(key, p);
      }
    }
  };
  for (const f of folders.flatMap(expandFolder)) walk(f, 0);
  return found;
}

/**
 * The faces of a font file, reading only its directories and its `name` and `OS/2` tables. The file
 * is first checked by the reading rule (files.ts: a regular file, within the size limit, its table
 * directory inside the file); a {@link FileProblem} says what is wrong.
 */
export function inspectFontFile(file: string): FaceInfo[] {
  const ref = { file, display: file, kind: 'font' } as const;
  checkFontFile(ref);
  const f = openInput(ref);
  try {
    return readFaces((offset, length) => {
      if (offset + length > f.size) throw new FontFileError('字体文件不完整（表超出文件末尾）');
      return f.read(offset, length);
    });
  } catch (e) {
    if (e instanceof FontFileError) throw e;
    if (e instanceof RangeError) throw new FontFileError('字体文件已损坏（无法读出其中的字体名）');
    throw e;
  } finally {
    f.close();
  }
}

/** The face of a file to use: the one named `face`, or the only one. Throws a FontFileError saying what is wrong. */
export function chooseFace(faces: readonly FaceInfo[], face: string | undefined): FaceInfo & { collection: boolean } {
  const list = faces.map((f) => f.postscriptName).join('、');
  if (faces.length > 1) {
    if (!face) throw new FontFileError(`这是字体集（TTC），请用 face 写明用其中哪个字体（PostScript 名称）：${list}`);
    const hit = faces.find((f) => f.postscriptName === face);
    if (!hit) throw new FontFileError(`字体集中没有名为 ${face} 的字体，可用的有：${list}`);
    return { ...hit, collection: true };
  }
  const only = faces[0];
  if (!only) throw new FontFileError('字体文件中没有字体');
  if (face && face !== only.postscriptName) {
    throw new FontFileError(`这个文件只含一个字体 ${only.postscriptName || only.family}，不是字体集；请删去 face: ${face}`);
  }
  return { ...only, collection: false };
}

const simplify = (s: string) => s.toLowerCase().replace(/[\s_-]/g, '');

/** Whether a face is the font a candidate stands for, by the names inside the file. */
function confirms(candidate: SystemFont, face: FaceInfo): boolean {
  const wanted = candidate.names.map(simplify);
  return face.names.some((n) => wanted.some((w) => simplify(n).includes(w)));
}

const RESTRICTED = '字体的授权不允许嵌入文件（OS/2 fsType 为“受限”），不能用于 PDF';

/** The cache folder: REPORT_CACHE_DIR, else node_modules/.cache/report, else the temp folder. */
export function cacheFolder(env: NodeJS.ProcessEnv): string {
  if (env['REPORT_CACHE_DIR']) return env['REPORT_CACHE_DIR'];
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (let dir = here, i = 0; i < 4; i++, dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'node_modules'))) return path.join(dir, 'node_modules', '.cache', 'report');
  }
  return path.join(tmpdir(), 'report-cache');
}

/** Bytes of font files already read in this process (by path), shared by every font set. */
const fontBytes = new Map<string, Uint8Array>();

/** The unpacked copy of a WOFF file in the cache folder. */
function woffCachePath(file: string, env: NodeJS.ProcessEnv): string {
  const st = statSync(file);
  return path.join(cacheFolder(env), 'fonts', `${path.basename(file)}-${st.size}-${Math.floor(st.mtimeMs)}.ttf`);
}

/**
 * The unpacked copy of a WOFF file in the cache folder, when there is one of the size the WOFF's
 * header gives (`totalSfntSize`); null otherwise. A copy cut short (a full disk, a copy
 * interrupted) is then unpacked again rather than read and blamed on the installed font.
 */
function woffCopy(file: string, env: NodeJS.ProcessEnv): string | null {
  const cached = woffCachePath(file, env);
  try {
    const size = statSync(cached).size;
    const header = Buffer.alloc(20);
    const fd = openSync(file, 'r');
    try {
      if (readSync(fd, header, 0, 20, 0) < 20) return null;
    } finally {
      closeSync(fd);
    }
    return header.toString('latin1', 0, 4) === 'wOFF' && header.readUInt32BE(16) === size ? cached : null;
  } catch {
    return null;
  }
}

/** Reads a font file into SFNT bytes (WOFF unpacked once, through the cache). */
function readFont(file: string, env: NodeJS.ProcessEnv): Uint8Array {
  const known = fontBytes.get(file);
  if (known) return known;
  let bytes: Uint8Array;
  const copy = /\.woff$/i.test(file) ? woffCopy(file, env) : null;
  if (copy) {
    bytes = readInput({ file: copy, display: file, kind: 'font' });
  } else {
    bytes = toSfnt(file, readInput({ file, display: file, kind: 'font' }), env);
  }
  fontBytes.set(file, bytes);
  return bytes;
}

/** Readers of font files by position, one per file for the process (the file stays open). */
const readers = new Map<string, FontReader>();

/**
 * A font file's SFNT bytes by position, for reading a TrueType font table by table: a TTF, OTF or
 * TTC is read where it lies; a WOFF through its unpacked copy in the cache folder (made now if
 * missing), else from memory.
 */
function fontReader(file: string, env: NodeJS.ProcessEnv): FontReader {
  const known = readers.get(file);
  // A file replaced since it was opened (watch: a font installed anew) is opened again; one that
  // is gone is still read through the open file.
  if (known && (!known.identity || sameFile(file, known.identity))) return known;
  if (known) fontBytes.delete(file);
  let reader: FontReader;
  const bytes = fontBytes.get(file);
  if (bytes) reader = memoryReader(bytes);
  else if (!/\.woff$/i.test(file)) reader = fileReader(file);
  else {
    const cached = woffCopy(file, env);
    // Read through the unpacked copy, but known by the WOFF file's own size and time: that is the
    // file the build depends on (fontFingerprint), whether or not a copy was there.
    reader = cached ? fileReader(cached, identityOf(file)) : memoryReader(readFont(file, env));
  }
  readers.set(file, reader);
  return reader;
}

/** A file's size and modification time, `size:mtime` (as fontFingerprint records them). */
function identityOf(file: string): string {
  const st = statSync(file);
  return `${st.size}:${Math.floor(st.mtimeMs)}`;
}

/** Whether `file` is still the one `identity` (size:mtime) describes, or is gone. */
function sameFile(file: string, identity: string): boolean {
  try {
    return identityOf(file) === identity;
  } catch {
    return true;
  }
}

function memoryReader(bytes: Uint8Array): FontReader {
  return {
    size: bytes.byteLength,
    read: (offset, length) => {
      if (offset < 0 || offset + length > bytes.byteLength) throw new FontFileError('字体文件不完整（表超出文件末尾）');
      return bytes.subarray(offset, offset + length);
    },
  };
}

/**
 * Closes a font file's handle once nothing can read through it any more: the reader was replaced
 * (watch: the file was replaced, and the fonts opened from the old one are gone). A build's
 * readers stay open until the process ends.
 */
const closeWhenUnreachable = new FinalizationRegistry<() => void>((close) => {
  try {
    close();
  } catch {
    // Closed already: nothing to do.
  }
});

/**
 * A reader of `file` by position, through an open handle (closed when the reader is unreachable);
 * known by `identity` (size:mtime), by default the file's own as it was opened.
 */
function fileReader(file: string, identity?: string): FontReader {
  // The reading rule of files.ts: a regular file, opened without blocking.
  const f = openInput({ file, display: file, kind: 'font' });
  const reader: FontReader = {
    size: f.size,
    identity: identity ?? `${f.size}:${Math.floor(f.mtimeMs)}`,
    read: (offset, length) => {
      if (offset < 0 || offset + length > f.size) throw new FontFileError('字体文件不完整（表超出文件末尾）');
      const bytes = f.read(offset, length);
      if (bytes.length < length) throw new FontFileError('字体文件不完整（表超出文件末尾）');
      return bytes;
    },
  };
  closeWhenUnreachable.register(reader, f.close);
  return reader;
}

function toSfnt(file: string, raw: Uint8Array, env: NodeJS.ProcessEnv): Uint8Array {
  switch (containerOf(raw)) {
    case 'sfnt':
    case 'ttc':
      return raw;
    case 'woff': {
      let sfnt: Uint8Array;
      try {
        sfnt = woffToSfnt(raw);
      } catch {
        throw new UserError([{ severity: 'error', file, message: `字体文件 ${file} 已损坏：WOFF 的表解压不出或比写明的大`, hint: '重新复制或下载完整的字体文件', code: 'fonts.truncated' }]);
      }
      try {
        const cached = woffCachePath(file, env);
        mkdirSync(path.dirname(cached), { recursive: true });
        const tmp = `${cached}.${process.pid}.tmp`;
        writeFileSync(tmp, sfnt);
        renameSync(tmp, cached);
      } catch {
        // No writable cache: unpack again next time.
      }
      return sfnt;
    }
    case 'woff2':
      throw new Error('WOFF2 格式的字体无法正确嵌入 PDF，请改用 TTF、OTF 或 WOFF 文件');
    default:
      throw new Error('不是字体文件（应为 TTF、OTF、TTC 或 WOFF）');
  }
}

/** Characters a font is tried on before it is chosen: Chinese, punctuation, digits and Latin letters. */
const PROBE = '一二三年度报告政府法治建设工作情况，。、：；“”（）《》—…0123456789ABCXYZabcxyz%';

/**
 * Opens a font as the PDF writer will and reads what it will read of it — widths, ink tops and a
 * subset of the glyphs of {@link PROBE} encoded for embedding — so that a font whose tables fit
 * inside the file but hold garbage is found before it is chosen. Throws the font's problem
 * (BrokenFontError, or a file-system problem).
 */
async function probeFont(f: FontFile): Promise<void> {
  const { openMetrics, BrokenFontError } = await import('../fonts/metrics.js');
  const m = openMetrics(f);
  const glyphs: number[] = [];
  for (const ch of PROBE) {
    if (!m.has(ch)) continue;
    m.advance(ch);
    m.inkTop?.(ch);
  }
  try {
    const font = m.font as {
      glyphForCodePoint?(cp: number): { id: number };
      glyphFor?(cp: number): number;
      createSubset(): { includeGlyph(g: number): number; encode(): unknown };
      layout(text: string): unknown;
      getGlyph(id: number): { advanceWidth: number };
      readonly post?: { isFixedPitch: boolean };
      readonly head?: { macStyle?: { italic: boolean } };
      readonly 'OS/2'?: { sFamilyClass: number };
    };
    for (const ch of PROBE) glyphs.push(font.glyphFor ? font.glyphFor(ch.codePointAt(0)!) : font.glyphForCodePoint!(ch.codePointAt(0)!).id);
    // What pdfkit reads of a font when it embeds it (its EmbeddedFont), and a run laid out.
    const pdfkitReads = font as unknown as Record<string, unknown>;
    for (const k of ['postscriptName', 'unitsPerEm', 'ascent', 'descent', 'xHeight', 'capHeight', 'lineGap', 'bbox', 'italicAngle', 'OS/2']) void pdfkitReads[k];
    if (!font.post || !font.head?.macStyle) throw new BrokenFontError(f, '字体文件已损坏（缺少 post 或 head 表）');
    void font.post.isFixedPitch;
    void font.getGlyph(0).advanceWidth;
    font.layout(PROBE);
    const subset = font.createSubset();
    for (const g of glyphs) subset.includeGlyph(g);
    subset.encode();
  } catch (e) {
    if (e instanceof BrokenFontError || (e instanceof Error && Array.isArray((e as { diagnostics?: unknown }).diagnostics))) throw e;
    throw new BrokenFontError(f, '字体文件已损坏（嵌入 PDF 时读不出其中的字形）');
  }
}

/**
 * A font that turned out to be broken while a document was made (BrokenFontError from
 * fonts/metrics.ts), as a {@link UserError} naming the font file and what to do; anything else is
 * returned as it is.
 */
export async function fontProblem(e: unknown, root: string): Promise<unknown> {
  const { BrokenFontError } = await import('../fonts/metrics.js');
  if (!(e instanceof BrokenFontError)) return e;
  const f = e.font;
  const shown = f.source === 'config' ? path.relative(root, f.file) || f.file : f.file;
  return new UserError([
    {
      severity: 'error',
      file: f.source === 'config' ? 'report.yaml' : shown,
      message: `PDF 字体文件 ${shown} 无法使用：${e.message}`,
      hint:
        f.source === 'config'
          ? '重新复制或下载完整的字体文件，或在 report.yaml 的 fonts 里删去这一项以使用本机的公文字体或免费替代字体'
          : '这个已安装的字体文件已损坏：重新安装这个字体，或在 report.yaml 的 fonts 里指定另一个字体文件',
      code: 'fonts.broken',
    },
  ]);
}

/** Resolves the fonts of every role. `root` is the project folder (configured paths are relative to it). */
export async function resolveFonts(
  configured: ConfiguredFonts,
  root: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Result<FontSet>> {
  const problems: Diagnostic[] = [];
  const require = createRequire(import.meta.url);
  // Each file is read once, and only when its bytes are first needed (a fallback font may never
  // be); the same font may serve several roles, each with its own reason.
  const read = (file: string) => readFont(file, env);
  const load = (key: string, file: string, family: string, source: FontSource, official: boolean, reason: string, face?: string): FontFile => {
    statSync(file); // a missing file is reported now, not when the PDF is painted
    return {
      key,
      family,
      file,
      get bytes() {
        return read(file);
      },
      reader: () => fontReader(file, env),
      source,
      official,
      reason,
      ...(face ? { face } : {}),
    };
  };
  // Each stand-in's file resolved once (it serves several roles, as primary and as fallback).
  const resolved = new Map<string, string>();
  const bundled = (name: keyof typeof BUNDLED, reason: string): FontFile => {
    const b = BUNDLED[name]!;
    let file = resolved.get(b.module);
    if (file === undefined) resolved.set(b.module, (file = require.resolve(b.module)));
    return load(`bundled-${name}`, file, b.family, 'bundled', false, reason);
  };
  let system: Map<string, string> | null = null;
  const systemFiles = () => (system ??= listFontFiles(fontFolders(env)));

  const set = {} as Record<FontRole, RoleFonts>;
  for (const role of ROLES) {
    const fallbacks = BUNDLED_CHAIN[role].map((b) => bundled(b, '缺字时替补'));
    const conf = configured[role];
    let primary: FontFile | null = null;
    if (conf) {
      const file = path.resolve(root, conf.file);
      try {
        const face = chooseFace(inspectFontFile(file), conf.face);
        if (!embeddingAllowed(face.fsType)) throw new FontFileError(RESTRICTED);
        primary = load(`config-${role}`, file, face.family || path.basename(file).replace(/\.\w+$/, ''), 'config', true, 'report.yaml 中指定',
          face.collection ? face.postscriptName : undefined);
        await probeFont(primary);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        const why = e instanceof FileProblem ? e.reason : code === 'ENOENT' ? '文件不存在' : code === 'EISDIR' ? '这是文件夹，不是字体文件' : code === 'EACCES' ? '没有读取权限' : e instanceof Error ? e.message : String(e);
        problems.push({
          severity: 'error',
          file: 'report.yaml',
          path: ['fonts', role, 'file'],
          message: `${ROLE_LABEL[role]}字体 ${conf.file} 无法使用：${why}`,
          hint: e instanceof FontFileError && e.message === RESTRICTED
            ? '请改用允许嵌入的字体文件，或删去这一项以使用本机的公文字体或免费替代字体'
            : e instanceof FontFileError || (e instanceof FileProblem && e.diagnostic.code === 'fonts.truncated')
              ? '重新复制或下载完整的字体文件，或删去这一项以使用本机的公文字体或免费替代字体'
              : '改正路径，或删去这一项以使用本机的公文字体或免费替代字体',
          code: 'fonts.config',
        });
        continue;
      }
    }
    /** Files found by name that turned out not to be usable, for the reason shown with the stand-in. */
    const passedOver: string[] = [];
    const tried = new Set<string>();
    if (!primary) {
      search: for (const candidate of SYSTEM_FONTS[role]) {
        for (const name of candidate.files) {
          const hit = systemFiles().get(name.toLowerCase());
          if (!hit || tried.has(hit)) continue; // names differing only in case find the same file
          tried.add(hit);
          // The file name is only a hint: the names inside the file must say it is this font.
          let face: FaceInfo & { collection: boolean };
          try {
            face = chooseFace(inspectFontFile(hit), candidate.face);
          } catch (e) {
            passedOver.push(`${hit} ${e instanceof FontFileError ? e.message : e instanceof FileProblem ? e.reason : '无法读取'}`);
            continue;
          }
          if (!confirms(candidate, face)) {
            passedOver.push(`${hit} 里的字体是 ${face.family || face.postscriptName || '无名字体'}，不是 ${candidate.family}`);
            continue;
          }
          if (!embeddingAllowed(face.fsType)) {
            passedOver.push(`${hit} ${RESTRICTED}`);
            continue;
          }
          const found = load(`system-${role}-${candidate.family}`, hit, candidate.family, 'system', candidate.official,
            candidate.official ? '本机已安装的公文字体' : '本机已安装的仿宋字体（免费）', face.collection ? face.postscriptName : undefined);
          try {
            await probeFont(found);
          } catch (e) {
            passedOver.push(`${hit} ${e instanceof FontFileError ? e.message : e instanceof FileProblem ? e.reason : '无法读取'}`);
            continue;
          }
          primary = found;
          break search;
        }
      }
    }
    const also = passedOver.length > 0 ? `（${passedOver.join('；')}）` : '';
    primary ??= bundled(BUNDLED_CHAIN[role][0]!, `本机没有 ${OFFICIAL_FONT_NAMES[role]}${also}，用免费替代字体`);
    const main = primary;
    set[role] = { primary: main, fallbacks: fallbacks.filter((f) => f.file !== main.file) };
  }
  return problems.length > 0 ? fail(problems) : ok(set);
}

/**
 * The files a font set uses, with their sizes and times, for the build manifest (nothing is read).
 * A font already opened is described as it was when opened (the open file is what the PDF is made
 * from, even if the file was replaced or deleted since); one not opened yet by its `stat`. A font
 * file that is gone or cannot be examined is a {@link FileProblem} naming it (exit 1).
 */
export function fontFingerprint(fonts: FontSet): string[] {
  const files = new Set<string>();
  for (const role of ROLES) for (const f of [fonts[role].primary, ...fonts[role].fallbacks]) files.add(fontFileEntry(f));
  return [...files].sort().map((entry) => {
    const file = entry.replace(/#[^#]*$/, '');
    const opened = readers.get(file)?.identity;
    if (opened) return `${entry}:${opened}`;
    try {
      return `${entry}:${identityOf(file)}`;
    } catch (e) {
      throw fileProblem(e, { file, display: file, kind: 'font' });
    }
  });
}

/** `file#face` of a font file: how {@link fontFingerprint}'s entries begin. */
export function fontFileEntry(f: FontFile): string {
  return `${f.file}#${f.face ?? ''}`;
}

/**
 * The entries of `fingerprint` ({@link fontFingerprint}) for these font files, in the
 * fingerprint's order: what a value computed from those fonts alone is kept by.
 */
export function fingerprintOf(fingerprint: readonly string[], files: readonly FontFile[]): string[] {
  const wanted = files.map((f) => `${fontFileEntry(f)}:`);
  return fingerprint.filter((e) => wanted.some((w) => e.startsWith(w)));
}

/**
 * Resolves the fonts of a project; a problem with a configured font is a {@link UserError}
 * pointing at its line in report.yaml.
 */
export async function resolveProjectFonts(project: Project, env: NodeJS.ProcessEnv): Promise<FontSet> {
  const r = await resolveFonts(project.config.fonts, project.root, env);
  if (!r.ok) throw new UserError(r.diagnostics.map((d) => (d.path && !d.line ? { ...d, ...project.locate(d.path) } : d)));
  return r.value;
}

/** One line per role: which font serves it and why, and a warning line per stand-in. */
export function describeFonts(fonts: FontSet): string[] {
  return ROLES.map((role) => {
    const f = fonts[role].primary;
    return `PDF 字体 ${ROLE_LABEL[role]}：${f.family}（${f.reason}）`;
  });
}

/** Roles whose font is a stand-in, for warnings. */
export function standInWarnings(fonts: FontSet): Diagnostic[] {
  return ROLES.filter((r) => fonts[r].primary.source === 'bundled').map((role) => ({
    severity: 'warning' as const,
    message: `PDF 的${ROLE_LABEL[role]}用 ${fonts[role].primary.family} 代替 ${OFFICIAL_FONT_NAMES[role]}（本机没有该字体）`,
    hint: `安装 ${OFFICIAL_FONT_NAMES[role]}，或在 report.yaml 的 fonts.${role}.file 写明字体文件；DOCX 里始终写的是 ${OFFICIAL_FONT_NAMES[role]}`,
    code: 'fonts.stand-in',
  }));
}
