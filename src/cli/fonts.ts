/**
 * Finding the PDF's fonts on this machine. For each role the first of these wins:
 *   1. the file named in report.yaml (`fonts: { body: { file, face } }`) — a missing or unreadable
 *      file is an error, never silently replaced;
 *   2. the official font installed on the machine (Windows and macOS font folders, fontconfig
 *      folders), found by its usual file names; for the body also FandolFang (TeX Live), the one
 *      free real 仿宋;
 *   3. a free stand-in from the pinned npm font packages (Noto Serif SC, Noto Sans SC, LXGW WenKai).
 * Only file names are listed in the font folders; no font is opened until it is chosen. WOFF files
 * are unpacked once and the result kept in the cache folder.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fail, ok, type Diagnostic, type Result } from '../diagnostics.js';
import { containerOf, woffToSfnt } from '../fonts/sfnt.js';
import { ROLE_LABEL, type FontFile, type FontSet, type FontSource, type RoleFonts } from '../fonts/types.js';
import { OFFICIAL_FONT_NAMES, type FontRole } from '../layout/gbt9704.js';
import type { ConfiguredFonts } from './project.js';

const ROLES: readonly FontRole[] = ['title', 'body', 'heading1', 'heading2', 'pageNumber'];

/** A font installed on machines of Chinese offices, by its usual file names. */
interface SystemFont {
  readonly files: readonly string[];
  readonly family: string;
  readonly face?: string;
  readonly official: boolean;
}

/** Official fonts per role (and FandolFang, the free real 仿宋), in order of preference. */
const SYSTEM_FONTS: Readonly<Record<FontRole, readonly SystemFont[]>> = {
  title: [
    { files: ['FZXBSJW.TTF', 'FZXBSJW--GB1-0.ttf', '方正小标宋简体.ttf', 'FZXiaoBiaoSong-B05S.ttf'], family: '方正小标宋简体', official: true },
    { files: ['FZXBSK.TTF', '方正小标宋_GBK.ttf'], family: '方正小标宋_GBK', official: true },
  ],
  body: [
    { files: ['仿宋_GB2312.ttf', 'FANGSONG_GB2312.TTF', 'fs_GB2312.ttf', 'SIMFANG_GB2312.TTF'], family: '仿宋_GB2312', official: true },
    { files: ['simfang.ttf', 'FangSong.ttf', '仿宋.ttf'], family: '仿宋', official: true },
    { files: ['FandolFang-Regular.otf'], family: 'FandolFang', official: false },
  ],
  heading1: [{ files: ['simhei.ttf', 'SimHei.ttf', '黑体.ttf'], family: '黑体', official: true }],
  heading2: [
    { files: ['楷体_GB2312.ttf', 'KAITI_GB2312.TTF', 'kt_GB2312.ttf'], family: '楷体_GB2312', official: true },
    { files: ['simkai.ttf', 'KaiTi.ttf', '楷体.ttf'], family: '楷体', official: true },
  ],
  pageNumber: [
    { files: ['simsun.ttc'], family: '宋体', face: 'SimSun', official: true },
    { files: ['SimSun.ttf', '宋体.ttf'], family: '宋体', official: true },
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

/** Folders where fonts are installed, on Windows, macOS and Linux (fontconfig, TeX Live). */
export function fontFolders(env: NodeJS.ProcessEnv): string[] {
  const home = env['HOME'] ?? homedir();
  const windir = env['WINDIR'] ?? 'C:\\Windows';
  const local = env['LOCALAPPDATA'];
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
    '/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol',
    '/usr/share/texmf/fonts/opentype/public/fandol',
    '/usr/local/texlive',
  ];
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
        if (depth < 6) walk(p, depth + 1);
      } else if (/\.(ttf|otf|ttc)$/i.test(e.name)) {
        const key = e.name.toLowerCase();
        if (!found.has(key)) found.set(key, p);
      }
    }
  };
  for (const f of folders) walk(f, 0);
  return found;
}

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

/** Reads a font file into SFNT bytes (WOFF unpacked once, through the cache). */
function readFont(file: string, env: NodeJS.ProcessEnv): Uint8Array {
  const known = fontBytes.get(file);
  if (known) return known;
  let bytes: Uint8Array;
  if (/\.woff$/i.test(file) && existsSync(woffCachePath(file, env))) {
    bytes = readFileSync(woffCachePath(file, env));
  } else {
    bytes = toSfnt(file, readFileSync(file), env);
  }
  fontBytes.set(file, bytes);
  return bytes;
}

function toSfnt(file: string, raw: Uint8Array, env: NodeJS.ProcessEnv): Uint8Array {
  switch (containerOf(raw)) {
    case 'sfnt':
    case 'ttc':
      return raw;
    case 'woff': {
      const sfnt = woffToSfnt(raw);
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
      source,
      official,
      reason,
      ...(face ? { face } : {}),
    };
  };
  const bundled = (name: keyof typeof BUNDLED, reason: string): FontFile => {
    const b = BUNDLED[name]!;
    return load(`bundled-${name}`, require.resolve(b.module), b.family, 'bundled', false, reason);
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
        primary = load(`config-${role}`, file, path.basename(file).replace(/\.\w+$/, ''), 'config', true, 'report.yaml 中指定', conf.face);
        if (containerOf(primary.bytes) === 'ttc' && !conf.face) {
          throw new Error('这是字体集（TTC），请用 face 写明其中字体的 PostScript 名称，如 face: SimSun');
        }
      } catch (e) {
        const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? '文件不存在' : e instanceof Error ? e.message : String(e);
        problems.push({
          severity: 'error',
          file: 'report.yaml',
          path: ['fonts', role, 'file'],
          message: `${ROLE_LABEL[role]}字体 ${conf.file} 无法使用：${why}`,
          hint: '改正路径，或删去这一项以使用本机的公文字体或免费替代字体',
          code: 'fonts.config',
        });
        continue;
      }
    }
    if (!primary) {
      for (const candidate of SYSTEM_FONTS[role]) {
        const hit = candidate.files.map((f) => systemFiles().get(f.toLowerCase())).find(Boolean);
        if (!hit) continue;
        try {
          primary = load(`system-${role}-${candidate.family}`, hit, candidate.family, 'system', candidate.official,
            candidate.official ? '本机已安装的公文字体' : '本机已安装的仿宋字体（免费）', candidate.face);
          break;
        } catch {
          // An unreadable system font is skipped; the next candidate or the stand-in is used.
        }
      }
    }
    primary ??= bundled(BUNDLED_CHAIN[role][0]!, `本机没有 ${OFFICIAL_FONT_NAMES[role]}，用免费替代字体`);
    const main = primary;
    set[role] = { primary: main, fallbacks: fallbacks.filter((f) => f.file !== main.file) };
  }
  return problems.length > 0 ? fail(problems) : ok(set);
}

/** The files a font set uses, with their sizes and times, for the build manifest (nothing is read). */
export function fontFingerprint(fonts: FontSet): string[] {
  const files = new Set<string>();
  for (const role of ROLES) for (const f of [fonts[role].primary, ...fonts[role].fallbacks]) files.add(`${f.file}#${f.face ?? ''}`);
  return [...files].sort().map((entry) => {
    const file = entry.replace(/#[^#]*$/, '');
    const st = statSync(file);
    return `${entry}:${st.size}:${Math.floor(st.mtimeMs)}`;
  });
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
