/**
 * The build manifest, `out/.report-manifest.json`. For each year and format it records the document
 * written (path, size, sha256) and a hash of every input that went into it, one entry per input:
 * the tool itself, report.yaml, the year's data, the previous year's data, the template, and for
 * DOCX and PDF the stamped date (SOURCE_DATE_EPOCH), for PDF the font files. A document whose inputs
 * are unchanged and whose file is still as written is up to date; otherwise the differing entries
 * say why it is rebuilt.
 *
 * The manifest describes the folder it lives in: a document's path is relative to the output folder
 * (`2024/….pdf`), so a copied or moved output folder is judged by what is in it, and a document is
 * looked for there, as a regular file. Anything the manifest says that cannot be trusted (another
 * version, a wrong shape, a path leaving the folder, an unreadable file) means a rebuild, never a
 * crash and never a skip.
 *
 * The build supplies the input list (see `documentInputs` in commands/build.ts); this module only
 * hashes, compares, reads and writes. Files are read through files.ts (the one reading rule).
 */
import { existsSync, lstatSync, readFileSync } from 'node:fs';
import { entryAt, FileProblem, readInput, type FileKind } from './files.js';
import path from 'node:path';
import { writeAtomic } from './output.js';
import { toolVersion } from './version.js';

/**
 * A sha256 hash. node:crypto is loaded the first time one is needed (by a build), not when the
 * CLI starts: `check`, `diff` and the others never hash.
 */
const newSha256 = () => process.getBuiltinModule('node:crypto').createHash('sha256');

/** The manifest's file name inside the output folder. */
export const MANIFEST_FILE = '.report-manifest.json';

/** Bumped when the manifest's shape changes; a manifest of another version is ignored (all rebuilt). */
export const MANIFEST_VERSION = 3;

/**
 * One input of a document. `key` is stable and names it in the manifest: `tool`, `file:<path>`,
 * `env:<NAME>`, `font:<path>#<face>`. Its content is a file's bytes (`file`, an absolute path; a
 * missing file hashes as missing) or a value.
 */
export interface Input {
  readonly key: string;
  readonly file?: string;
  readonly value?: string;
}

/** Input key → sha256 of its content. */
export type InputHashes = Readonly<Record<string, string>>;

/** What the manifest records of one document. */
export interface DocumentEntry {
  /** The document, relative to the output folder, with forward slashes (`2024/….pdf`). */
  readonly file: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly inputs: InputHashes;
}

/** Year → format → document. */
export type ManifestYears = Readonly<Record<string, Readonly<Record<string, DocumentEntry>>>>;

/** The manifest. */
export interface Manifest {
  readonly version: typeof MANIFEST_VERSION;
  readonly years: ManifestYears;
  /**
   * Documents written under an old name (the title changed since) that were changed by hand and so
   * left in place: path relative to the output folder (`2024/….docx`) → what the manifest last
   * recorded of it. A build that would write over one of them again (the title changed back) stops,
   * as for any edited document.
   */
  readonly kept?: Readonly<Record<string, string>>;
}

/** sha256 of bytes, hex. */
export function sha256(bytes: Uint8Array | string): string {
  return newSha256().update(bytes).digest('hex');
}

/**
 * Hashes each input (file contents are read; values are taken as they are), keyed and sorted. A
 * file that is missing or cannot be read hashes as such, so the document is rebuilt (and the build
 * then reports the file).
 */
export function hashInputs(inputs: readonly Input[], files: FileHashes = new Map()): InputHashes {
  const out: Record<string, string> = {};
  for (const i of [...inputs].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
    const h = newSha256();
    if (i.file !== undefined) {
      let content = files.get(i.file);
      if (content === undefined) files.set(i.file, (content = fileHash(i.file)));
      h.update(content);
    }
    if (i.value !== undefined) h.update(`\0${i.value}`);
    out[i.key] = h.digest('hex');
  }
  return out;
}

/**
 * Input files already read by {@link hashInputs} during one build, by path: the sha256 of their
 * bytes, or a mark when missing or unreadable. A build's documents share most of their inputs
 * (report.yaml, the template, the data model; each year's data for its three formats), which are
 * then read once, not once per document.
 */
export type FileHashes = Map<string, string>;

/** What a file contributes to an input's hash: the sha256 of its bytes, or the mark for a missing one. */
function fileHash(file: string): string {
  const bytes = contentOf(file);
  return bytes === null ? '\0(missing)' : `\0sha256:${sha256(bytes)}`;
}

/** A file's bytes through the reading rule, or null when it is missing or not a readable regular file. */
function contentOf(file: string, kind: FileKind = 'data', limit?: number): Buffer | null {
  try {
    return readInput({ file, display: file, kind }, limit);
  } catch (e) {
    if (e instanceof FileProblem) return null;
    throw e;
  }
}

/** Keys whose hash differs, or which are only on one side, in key order. */
export function changedInputs(recorded: InputHashes, current: InputHashes): string[] {
  return [...new Set([...Object.keys(recorded), ...Object.keys(current)])].filter((k) => recorded[k] !== current[k]).sort();
}

/** Whether a document must be built, and why. */
export type Freshness =
  | { readonly fresh: true }
  | { readonly fresh: false; readonly why: 'new' }
  | { readonly fresh: false; readonly why: 'inputs'; readonly changed: readonly string[] }
  | { readonly fresh: false; readonly why: 'edited'; readonly file: string }
  | { readonly fresh: false; readonly why: 'deleted'; readonly file: string };

/**
 * Compares a document's recorded entry with its current inputs and with the file in `outDir` (the
 * folder the manifest lives in; `stateOf` reads it, so a caller can read each document once). A document that is missing, not a regular file, unreadable or
 * different from what was written is rebuilt.
 */
export function freshness(
  entry: DocumentEntry | undefined,
  inputs: InputHashes,
  outDir: string,
  stateOf: (entry: DocumentEntry) => DocumentState = (e) => documentState(e, outDir),
): Freshness {
  if (!entry) return { fresh: false, why: 'new' };
  const changed = changedInputs(entry.inputs, inputs);
  if (changed.length > 0) return { fresh: false, why: 'inputs', changed };
  const state = stateOf(entry);
  if (state === 'missing') return { fresh: false, why: 'deleted', file: entry.file };
  if (state === 'edited') return { fresh: false, why: 'edited', file: entry.file };
  return { fresh: true };
}

/** What became of a recorded document: see {@link documentState}. */
export type DocumentState = 'same' | 'edited' | 'missing';

/**
 * What became of a document the manifest records, in `outDir` (the folder the manifest lives in):
 * `same` (the bytes written), `edited` (a regular file with other bytes: changed by hand, in Word or
 * WPS), or `missing` (deleted, or not a readable regular file any more).
 */
export function documentState(entry: DocumentEntry, outDir: string): DocumentState {
  const file = path.join(outDir, ...entry.file.split('/'));
  let size: number;
  try {
    const st = lstatSync(file);
    if (!st.isFile()) return 'missing';
    size = st.size;
  } catch {
    return 'missing';
  }
  if (size !== entry.bytes) return 'edited';
  const bytes = contentOf(file, 'document', entry.bytes);
  if (!bytes) return 'missing';
  return sha256(bytes) === entry.sha256 ? 'same' : 'edited';
}

const HEX64 = /^[0-9a-f]{64}$/;

/** Whether a recorded document path stays inside the output folder: `2024/name.ext`, nothing else. */
function safeEntryPath(file: unknown): file is string {
  if (typeof file !== 'string' || file.length === 0 || file.length > 1024) return false;
  const parts = file.split('/');
  return parts.length === 2 && /^\d{4}$/.test(parts[0]!) && parts.every((p) => p !== '' && p !== '.' && p !== '..' && !/[\\:\0]/.test(p));
}

/** Whether a parsed manifest has exactly the shape this version writes. */
function trustworthy(m: unknown): m is Manifest {
  if (!m || typeof m !== 'object' || (m as Manifest).version !== MANIFEST_VERSION) return false;
  const years = (m as Manifest).years;
  if (!years || typeof years !== 'object' || Array.isArray(years)) return false;
  const kept = (m as Manifest).kept;
  if (kept !== undefined) {
    if (!kept || typeof kept !== 'object' || Array.isArray(kept)) return false;
    for (const [file, hash] of Object.entries(kept)) if (!safeEntryPath(file) || typeof hash !== 'string' || !HEX64.test(hash)) return false;
  }
  for (const [year, formats] of Object.entries(years)) {
    if (!/^\d{4}$/.test(year) || !formats || typeof formats !== 'object' || Array.isArray(formats)) return false;
    for (const entry of Object.values(formats) as unknown[]) {
      const e = entry as Partial<DocumentEntry> | null;
      if (!e || typeof e !== 'object' || !safeEntryPath(e.file) || !e.file.startsWith(`${year}/`)) return false;
      if (!Number.isSafeInteger(e.bytes) || e.bytes! < 0 || typeof e.sha256 !== 'string' || !HEX64.test(e.sha256)) return false;
      if (!e.inputs || typeof e.inputs !== 'object' || Object.values(e.inputs).some((h) => typeof h !== 'string' || !HEX64.test(h))) return false;
    }
  }
  return true;
}

/**
 * Reads the manifest of an output folder. A missing, damaged, older, oversized or otherwise
 * untrustworthy one (not a regular file, a path leaving the folder …) counts as empty: everything
 * is rebuilt.
 */
export function readManifest(outDir: string): Manifest {
  const bytes = contentOf(path.join(outDir, MANIFEST_FILE), 'manifest');
  if (bytes) {
    try {
      const m: unknown = JSON.parse(bytes.toString('utf8'));
      if (trustworthy(m)) return m;
    } catch {
      // A damaged manifest: everything is rebuilt.
    }
  }
  return { version: MANIFEST_VERSION, years: {} };
}

/**
 * Writes the manifest with the given documents updated (others are kept), in a stable order.
 * `kept` adds documents left in place under an old name (see {@link Manifest.kept}); a path written
 * again, or no longer a file in `outDir`, leaves that list.
 */
export function writeManifest(outDir: string, updates: ManifestYears, display: string, kept: Readonly<Record<string, string>> = {}): void {
  const before = readManifest(outDir);
  const current = before.years;
  const written = new Set(Object.values(updates).flatMap((f) => Object.values(f).map((e) => e.file)));
  const keep: Record<string, string> = {};
  for (const [file, hash] of Object.entries({ ...before.kept, ...kept }).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!written.has(file) && entryAt(path.join(outDir, ...file.split('/'))) === 'file') keep[file] = hash;
  }
  const years: Record<string, Record<string, DocumentEntry>> = {};
  for (const y of [...new Set([...Object.keys(current), ...Object.keys(updates)])].sort()) {
    const merged = { ...current[y], ...updates[y] };
    years[y] = Object.fromEntries(Object.keys(merged).sort().map((f) => [f, merged[f]!]));
  }
  const manifest: Manifest = { version: MANIFEST_VERSION, years, ...(Object.keys(keep).length > 0 ? { kept: keep } : {}) };
  writeAtomic(path.join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`, display);
}

/** Set by the bundler: the CLI runs from dist/report.cjs. */
declare const __REPORT_BUNDLE__: boolean | undefined;

let identity: string | undefined;

/**
 * What identifies the program for the manifest: its version and, when running bundled, the bundle's
 * own bytes, so that a changed program rebuilds even when the version number stayed the same.
 */
export function toolIdentity(): string {
  if (identity !== undefined) return identity;
  let code = '';
  if (typeof __REPORT_BUNDLE__ !== 'undefined' && __REPORT_BUNDLE__) {
    // Written by `npm run build` next to the bundles (the same hash, taken once): reading it spares
    // every build hashing 2 MB of program.
    let built: string | undefined;
    try {
      built = /^[0-9a-f]{64}$/.exec(readFileSync(path.join(__dirname, BUNDLE_HASH_FILE), 'utf8').trim())?.[0];
    } catch {
      built = undefined;
    }
    code = ` ${built ?? bundleHash(__dirname)}`;
  }
  return (identity = `${toolVersion()}${code}`);
}

/** The file in dist/ that holds {@link bundleHash} of the bundles beside it (scripts/bundle.mjs). */
export const BUNDLE_HASH_FILE = 'bundle.sha256';

/** sha256 over dist/report.cjs and dist/docx-worker.cjs in `dir`, in that order (a missing one as empty). */
export function bundleHash(dir: string): string {
  const h = newSha256();
  for (const f of ['report.cjs', 'docx-worker.cjs']) {
    const file = path.join(dir, f);
    h.update(existsSync(file) ? readFileSync(file) : '');
  }
  return h.digest('hex');
}
