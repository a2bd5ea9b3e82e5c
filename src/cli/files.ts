/**
 * The one rule for every file `report` reads, and the one place where operating-system errors
 * become diagnostics a clerk can act on.
 *
 * Every read — data, the previous year's data, the template, report.yaml, fonts, the build
 * manifest, the documents `report text` and `build --check` read, blobs from git — goes through
 * {@link readInput} or {@link openInput}:
 *
 * 1. the file is opened (non-blocking, so a FIFO cannot hang the program) and then `fstat`ed on the
 *    open descriptor: anything but a regular file (a folder, a FIFO, a device such as a link to
 *    /dev/zero, a socket) is refused with its own message, before a byte is read;
 * 2. bytes are counted as they are read, never trusted from `stat` (a device reports size 0, a
 *    file may grow meanwhile): reading stops one byte past the limit of its kind ({@link LIMITS});
 * 3. what is unpacked from a file is counted too: the decompressed bytes of a zip entry
 *    ({@link readZipEntry}), of a PDF's streams ({@link checkPdfStreams}), of a WOFF font's tables
 *    ({@link checkFontFile}), and a PDF's pages (checked where it is read).
 *
 * {@link fsDiagnostic} turns any `errno` error (ENOENT, EACCES, EISDIR, ENAMETOOLONG, ELOOP, …) of a
 * read or a write into a diagnostic naming the file and what to do; callers never print an errno
 * on its own and never let one escape as an internal error (exit 3).
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, type Stats } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import type { Diagnostic } from '../diagnostics.js';
import { UserError } from './errors.js';
import { measurePdfStreams } from './pdf-streams.js';

const MB = 1024 * 1024;

/**
 * The limits on what is read, in bytes unless said otherwise (README: 出错时 lists them). Past a
 * limit the file is refused with a message naming it; nothing is built from it.
 */
export const LIMITS = {
  /** Data files (this year and the previous one), the template, report.yaml and the data model. */
  text: 1 * MB,
  /** The build manifest (out/.report-manifest.json); past it the manifest is ignored, all is rebuilt. */
  manifest: 4 * MB,
  /** One font file (the largest CJK collections are about 100 MB) and, for WOFF, its unpacked tables. */
  font: 128 * MB,
  /** A DOCX or PDF read by `report text` or compared by `build --check`, as stored on disk. */
  document: 64 * MB,
  /** The text part of a DOCX (word/document.xml) once decompressed. */
  docxXml: 32 * MB,
  /** All streams of a PDF together, decoded (every filter: Flate, LZW, RunLength, ASCII85, ASCIIHex). */
  pdfStreams: 256 * MB,
  /** Pages of a PDF read by `report text`. */
  pdfPages: 5000,
} as const;

/** What a file is to the program, for messages and limits. */
export type FileKind = 'data' | 'previous' | 'template' | 'config' | 'model' | 'font' | 'manifest' | 'document' | 'git';

/** How each kind is named in messages. */
export const KIND_LABEL: Readonly<Record<FileKind, string>> = {
  data: '数据文件',
  previous: '上一年的数据文件',
  template: '模板',
  config: '配置文件',
  model: '数据模型',
  font: '字体文件',
  manifest: '生成清单',
  document: '文档',
  git: 'git 中的文件',
};

const KIND_LIMIT: Readonly<Record<FileKind, number>> = {
  data: LIMITS.text,
  previous: LIMITS.text,
  template: LIMITS.text,
  config: LIMITS.text,
  model: LIMITS.text,
  font: LIMITS.font,
  manifest: LIMITS.manifest,
  document: LIMITS.document,
  git: LIMITS.text,
};

/** Where a file is and what it is, for messages. */
export interface FileRef {
  /** The path to open (absolute, or relative to the working folder). */
  readonly file: string;
  /** The path as the user knows it (relative to the project, as written in report.yaml). */
  readonly display: string;
  readonly kind: FileKind;
}

/**
 * A file that cannot be read or written, as a {@link UserError} (exit 1) with one diagnostic;
 * `reason` is the short cause (这是文件夹，不是文件; 没有读取权限 …) for callers that word their own
 * message (fonts).
 */
export class FileProblem extends UserError {
  constructor(
    readonly diagnostic: Diagnostic,
    readonly reason: string,
    readonly errno: string | null,
  ) {
    super([diagnostic], 1);
  }
}

/** Human file size: 812 B, 12.3 KB, 1.4 MB. */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < MB) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / MB).toFixed(1)} MB`;
}

/** What a non-regular file is, in words (null for a regular file). */
function notAFile(st: Stats): string | null {
  if (st.isFile()) return null;
  if (st.isDirectory()) return '这是文件夹，不是文件';
  if (st.isFIFO()) return '这是管道（FIFO），不是普通文件';
  if (st.isCharacterDevice() || st.isBlockDevice()) return '这是设备（如 /dev/zero），不是普通文件';
  if (st.isSocket()) return '这是套接字，不是普通文件';
  return '这不是普通文件';
}

/** Whether `file` itself is a symbolic link (without following it). */
function isLink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * The diagnostic for an operating-system error on `ref` while reading or writing it: the file, the
 * cause in plain words, and what to do. Unknown codes still name the file and the code.
 */
export function fsDiagnostic(
  e: unknown,
  ref: { readonly file: string; readonly display: string; readonly kind?: FileKind | 'output' | 'folder' | 'data-folder' },
  action: 'read' | 'write' | 'mkdir' = 'read',
): { diagnostic: Diagnostic; reason: string; errno: string | null } {
  const errno = (e as NodeJS.ErrnoException | null)?.code ?? null;
  const what = ref.kind === 'output' ? '输出文件' : ref.kind === 'folder' ? '输出文件夹' : ref.kind === 'data-folder' ? '数据文件夹' : ref.kind ? KIND_LABEL[ref.kind] : '文件';
  const verb = action === 'read' ? '读取' : action === 'write' ? '写入' : '创建';
  let reason: string;
  let hint: string;
  switch (errno) {
    case 'ENOENT':
      if (action === 'read' && isLink(ref.file)) {
        reason = '这是一个链接，它指向的文件不存在';
        hint = '把链接换成真正的文件，或让它指向存在的文件';
      } else {
        reason = action === 'read' ? '文件不存在' : '所在的文件夹不存在';
        hint =
          action !== 'read'
            ? '检查输出文件夹的路径是否写对'
            : ref.kind === 'document' || ref.kind === 'git'
              ? '检查命令里写的文件名和路径是否写对（路径从当前文件夹算起）'
              : '检查文件名和 report.yaml 里的路径是否写对';
      }
      break;
    case 'EACCES':
    case 'EPERM':
      reason = action === 'read' ? '没有读取权限' : '没有写入权限';
      hint =
        action === 'read'
          ? '让运行 report 的用户能读这个文件（如 chmod a+r 文件，或在文件属性里给当前用户“读取”权限）'
          : '文件可能正被 Word/WPS 或其他程序打开，或文件夹没有写权限：关闭文档、检查权限后重试';
      break;
    case 'EISDIR':
      reason = '这是文件夹，不是文件';
      hint = action === 'read' ? '这里应当是一个文件：把同名的文件夹移走或改名，再放回文件' : '输出位置上有一个同名的文件夹，请把它移走或改名';
      break;
    case 'ENOTDIR':
      reason = '路径中的某一层是文件，不是文件夹';
      hint = '检查路径：其中一层应当是文件夹，现在却是同名的文件';
      break;
    case 'EEXIST':
      reason = '路径中的某一层已被同名的文件占用';
      hint = '把占用的文件移走或改名，或换一个输出文件夹（--out）';
      break;
    case 'ENAMETOOLONG':
      reason = '文件名或路径太长，超过了文件系统的上限';
      hint = '缩短文件夹或文件的名字（每一层最多 255 字节，一个汉字占 3 字节）';
      break;
    case 'ELOOP':
      reason = '链接绕成了圈（链接指向自己或互相指向）';
      hint = '把链接换成真正的文件';
      break;
    case 'EMFILE':
    case 'ENFILE':
      reason = '同时打开的文件太多';
      hint = '关闭一些程序后重试';
      break;
    case 'ENOSPC':
    case 'EDQUOT':
      reason = '磁盘空间不足';
      hint = '清理磁盘后重试，原有文件保持不变';
      break;
    case 'EROFS':
      reason = '所在的磁盘是只读的';
      hint = '换一个可写的输出文件夹（--out）';
      break;
    case 'EBUSY':
    case 'ETXTBSY':
      reason = '文件正被其他程序占用';
      hint = '关闭打开它的程序（Word、WPS、PDF 阅读器）后重试';
      break;
    case 'EIO':
      reason = '磁盘或网络盘读写出错';
      hint = '检查磁盘或网络连接后重试';
      break;
    case 'ENXIO':
    case 'ENODEV':
      reason = '这是设备或没有读者的管道，不是普通文件';
      hint = '这里应当是一个普通文件';
      break;
    default:
      reason = `操作系统报告错误 ${errno ?? (e instanceof Error ? e.message : String(e))}`;
      hint = '检查文件和文件夹是否存在、是否可读写';
  }
  const message =
    action === 'mkdir' ? `无法创建${what} ${ref.display}：${reason}` : `无法${verb}${what} ${ref.display}：${reason}`;
  return {
    diagnostic: { severity: 'error', file: ref.display, message, hint, code: `file.${errno?.toLowerCase() ?? 'error'}` },
    reason,
    errno,
  };
}

/** A {@link FileProblem} for an operating-system error on `ref`. */
export function fileProblem(e: unknown, ref: FileRef | { file: string; display: string; kind?: FileKind | 'output' | 'folder' | 'data-folder' }, action: 'read' | 'write' | 'mkdir' = 'read'): FileProblem {
  if (e instanceof FileProblem) return e;
  const { diagnostic, reason, errno } = fsDiagnostic(e, ref, action);
  return new FileProblem(diagnostic, reason, errno);
}

function refused(ref: FileRef, reason: string, hint: string, code: string): FileProblem {
  return new FileProblem(
    { severity: 'error', file: ref.display, message: `无法读取${KIND_LABEL[ref.kind]} ${ref.display}：${reason}`, hint, code },
    reason,
    null,
  );
}

function tooLarge(ref: FileRef, limit: number, what = '', size?: number): FileProblem {
  const known = size !== undefined && size > limit ? `（${sizeText(size)}）` : '';
  const reason = `${what}超过 ${sizeText(limit)} 的上限`;
  const hint =
    ref.kind === 'data' || ref.kind === 'previous'
      ? '年度数据文件通常只有几 KB，请检查是否选错了文件'
      : ref.kind === 'document'
        ? '这不像本程序生成的文档，请检查是否选错了文件'
        : '请检查是否选错了文件';
  return new FileProblem(
    { severity: 'error', file: ref.display, message: `${KIND_LABEL[ref.kind]} ${ref.display} 太大${known}，${reason}`, hint, code: 'input.too-large' },
    `文件太大${known}，${reason}`,
    null,
  );
}

/** An open regular file: its size when opened, positioned reads, and closing. */
export interface OpenFile {
  readonly size: number;
  readonly mtimeMs: number;
  /** Reads `length` bytes at `offset`; fewer at the end of the file. */
  read(offset: number, length: number): Buffer;
  close(): void;
}

const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * Opens `ref` for reading after checking, on the open descriptor, that it is a regular file.
 * Throws a {@link FileProblem} saying what it is otherwise, or what the system refused.
 */
export function openInput(ref: FileRef): OpenFile {
  let fd: number;
  try {
    fd = openSync(ref.file, OPEN_FLAGS);
  } catch (e) {
    throw fileProblem(e, ref);
  }
  try {
    const st = fstatSync(fd);
    const not = notAFile(st);
    if (not) {
      throw refused(ref, not, st.isDirectory() ? '这里应当是一个文件：把同名的文件夹移走或改名，再放回文件' : '这里应当是一个普通文件，请换成真正的文件', 'file.not-regular');
    }
    return {
      size: st.size,
      mtimeMs: st.mtimeMs,
      read(offset, length) {
        // Not zero-filled first: every byte returned is one read from the file (a short read
        // returns only the bytes read). Small reads (a font's glyphs) come from Node's shared pool.
        const buf = Buffer.allocUnsafe(length);
        let got = 0;
        while (got < length) {
          let n: number;
          try {
            n = readSync(fd, buf, got, length - got, offset + got);
          } catch (e) {
            throw fileProblem(e, ref);
          }
          if (n === 0) break;
          got += n;
        }
        return got === length ? buf : buf.subarray(0, got);
      },
      close: () => closeSync(fd),
    };
  } catch (e) {
    closeSync(fd);
    throw e instanceof FileProblem ? e : fileProblem(e, ref);
  }
}

/**
 * Reads a whole regular file, counting bytes as they are read against `limit` (default: the
 * kind's limit in {@link LIMITS}). Throws a {@link FileProblem} when the file is missing,
 * unreadable, not a regular file or too large.
 */
export function readInput(ref: FileRef, limit: number = KIND_LIMIT[ref.kind]): Buffer {
  const f = openInput(ref);
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    // The first read asks for the size the file had when opened, and one byte more: a read that
    // comes back short has met the end (no second read and no 64 KB buffer for a small file).
    let ask = Math.min(Math.max(f.size + 1, 1), limit + 1);
    for (;;) {
      const part = f.read(total, ask);
      if (part.length === 0) break;
      chunks.push(part);
      total += part.length;
      if (total > limit) throw tooLarge(ref, limit, '', Math.max(f.size, total));
      if (part.length < ask) break;
      ask = Math.min(64 * 1024, limit + 1 - total);
    }
    return Buffer.concat(chunks, total);
  } finally {
    f.close();
  }
}

/** What is at a path without following a final link: nothing, a link, a file, a folder or something else. */
export function entryAt(file: string): 'missing' | 'link' | 'file' | 'folder' | 'other' {
  let st: Stats;
  try {
    st = lstatSync(file);
  } catch {
    return 'missing';
  }
  return st.isSymbolicLink() ? 'link' : st.isFile() ? 'file' : st.isDirectory() ? 'folder' : 'other';
}

/**
 * The bytes of one entry of a zip archive (a DOCX part), decompressed with a cap: more than
 * `limit` decompressed bytes is refused (a 733 KB DOCX can hold gigabytes of XML). Null when the
 * archive has no such entry. Reads the central directory as PKWARE's APPNOTE describes it.
 */
export function readZipEntry(bytes: Uint8Array, name: string, limit: number, ref: FileRef): Uint8Array | null {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const bad = (why: string) => refused(ref, `不是有效的 DOCX 文件（${why}）`, '用 Word 或 WPS 打开另存为 DOCX 后再试', 'text.read');
  // End of central directory: 22 bytes plus a comment of up to 65,535.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw bad('找不到 zip 目录');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  for (let k = 0; k < count; k++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw bad('zip 目录已损坏');
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const entry = buf.toString('utf8', p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;
    if (entry !== name) continue;
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50) throw bad('zip 条目已损坏');
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + compressed);
    if (method === 0) {
      if (data.length > limit) throw tooLarge(ref, limit, `其中的 ${name} `);
      return data;
    }
    if (method !== 8) throw bad(`不支持的压缩方法 ${method}`);
    try {
      return inflateRawSync(data, { maxOutputLength: limit });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) {
        throw tooLarge(ref, limit, `其中的 ${name} 解压后`);
      }
      throw bad(`${name} 解压出错`);
    }
  }
  return null;
}

/**
 * Counts the decoded bytes of all of a PDF's streams against `limit` before the PDF is handed to a
 * reader: a small PDF can decode to gigabytes, through any filter (Flate, LZW, RunLength, ASCII85,
 * ASCIIHex, chained). A PDF that cannot be checked (encrypted, nested or overlapping objects
 * beyond reason) is refused; see pdf-streams.ts.
 */
export function checkPdfStreams(bytes: Uint8Array, limit: number, ref: FileRef): void {
  const verdict = measurePdfStreams(bytes, limit);
  if (verdict.ok) return;
  if (verdict.reason === 'too-large') throw tooLarge(ref, limit, '其中的压缩内容解压后');
  if (verdict.reason === 'encrypted') throw refused(ref, 'PDF 已加密，不能读取其中的文字', '用 PDF 阅读器去掉密码、另存为不加密的 PDF 后再试', 'text.encrypted');
  throw refused(ref, verdict.detail, '这不像本程序生成的文档，请检查是否选错了文件', 'text.read');
}

/**
 * Checks a font file before it is used: a regular file within {@link LIMITS}.font whose table
 * directory (of each face of a collection; of a WOFF, with the unpacked sizes) lies inside the
 * file. A truncated font is refused here with a plain message rather than failing deep inside the
 * PDF writer.
 */
export function checkFontFile(ref: FileRef): void {
  const f = openInput(ref);
  try {
    if (f.size > LIMITS.font) throw tooLarge(ref, LIMITS.font, '', f.size);
    const broken = (why: string) => refused(ref, `字体文件不完整或已损坏（${why}）`, '重新复制或下载完整的字体文件', 'fonts.truncated');
    const head = f.read(0, 12);
    if (head.length < 12) throw broken('文件太短');
    const tag = head.toString('latin1', 0, 4);
    const sfntAt = (offset: number) => {
      const dir = f.read(offset, 12);
      if (dir.length < 12) throw broken('表目录超出文件末尾');
      const n = dir.readUInt16BE(4);
      const records = f.read(offset + 12, n * 16);
      if (records.length < n * 16) throw broken('表目录超出文件末尾');
      for (let i = 0; i < n; i++) {
        const start = records.readUInt32BE(i * 16 + 8);
        const length = records.readUInt32BE(i * 16 + 12);
        if (start + length > f.size) throw broken(`表 ${records.toString('latin1', i * 16, i * 16 + 4).trim()} 超出文件末尾`);
      }
    };
    if (tag === 'ttcf') {
      const n = head.readUInt32BE(8);
      const offsets = f.read(12, n * 4);
      if (offsets.length < n * 4) throw broken('字体集目录超出文件末尾');
      for (let i = 0; i < n; i++) sfntAt(offsets.readUInt32BE(i * 4));
    } else if (tag === 'wOFF') {
      const header = f.read(0, 44);
      if (header.length < 44) throw broken('文件头不完整');
      if (header.readUInt32BE(8) !== f.size) throw broken(`文件头写明 ${header.readUInt32BE(8)} 字节，实际 ${f.size} 字节`);
      const n = header.readUInt16BE(12);
      const records = f.read(44, n * 20);
      if (records.length < n * 20) throw broken('表目录超出文件末尾');
      let unpacked = 0;
      for (let i = 0; i < n; i++) {
        const start = records.readUInt32BE(i * 20 + 4);
        const length = records.readUInt32BE(i * 20 + 8);
        unpacked += records.readUInt32BE(i * 20 + 12);
        if (start + length > f.size) throw broken('表超出文件末尾');
      }
      if (unpacked > LIMITS.font) throw tooLarge(ref, LIMITS.font, '解压后');
    } else if (tag !== 'wOF2') {
      sfntAt(0); // TrueType/OpenType; anything else is judged (and named) by the font reader
    }
  } finally {
    f.close();
  }
}
