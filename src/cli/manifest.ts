/**
 * The build manifest, `out/.report-manifest.json`. For each year and format it records the document
 * written (path, size, sha256) and a hash of every input that went into it, one entry per input:
 * the tool itself, report.yaml, the year's data, the previous year's data, the template, and for
 * DOCX and PDF the stamped date (SOURCE_DATE_EPOCH), for PDF the font files. A document whose inputs
 * are unchanged and whose file is still as written is up to date; otherwise the differing entries
 * say why it is rebuilt.
 *
 * The build supplies the input list (see `documentInputs` in commands/build.ts); this module only
 * hashes, compares, reads and writes.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeAtomic } from './output.js';
import { toolVersion } from './version.js';

/** The manifest's file name inside the output folder. */
export const MANIFEST_FILE = '.report-manifest.json';

/** Bumped when the manifest's shape changes; a manifest of another version is ignored (all rebuilt). */
export const MANIFEST_VERSION = 2;

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
}

/** sha256 of bytes, hex. */
export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Hashes each input (file contents are read; values are taken as they are), keyed and sorted. */
export function hashInputs(inputs: readonly Input[]): InputHashes {
  const out: Record<string, string> = {};
  for (const i of [...inputs].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
    const h = createHash('sha256');
    if (i.file !== undefined) h.update(existsSync(i.file) ? readFileSync(i.file) : '\0(missing)');
    if (i.value !== undefined) h.update(`\0${i.value}`);
    out[i.key] = h.digest('hex');
  }
  return out;
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
  | { readonly fresh: false; readonly why: 'edited'; readonly file: string };

/** Compares a document's recorded entry with its current inputs and its file on disk. */
export function freshness(entry: DocumentEntry | undefined, inputs: InputHashes, root: string): Freshness {
  if (!entry) return { fresh: false, why: 'new' };
  const changed = changedInputs(entry.inputs, inputs);
  if (changed.length > 0) return { fresh: false, why: 'inputs', changed };
  const file = path.resolve(root, entry.file);
  if (!existsSync(file) || sha256(readFileSync(file)) !== entry.sha256) return { fresh: false, why: 'edited', file: entry.file };
  return { fresh: true };
}

/** Reads the manifest of an output folder (a missing, damaged or older one counts as empty). */
export function readManifest(outDir: string): Manifest {
  try {
    const m = JSON.parse(readFileSync(path.join(outDir, MANIFEST_FILE), 'utf8')) as Partial<Manifest>;
    if (m.version === MANIFEST_VERSION && m.years && typeof m.years === 'object') return m as Manifest;
  } catch {
    // No manifest yet, or a damaged one: everything is rebuilt.
  }
  return { version: MANIFEST_VERSION, years: {} };
}

/** Writes the manifest with the given documents updated (others are kept), in a stable order. */
export function writeManifest(outDir: string, updates: ManifestYears, display: string): void {
  const current = readManifest(outDir).years;
  const years: Record<string, Record<string, DocumentEntry>> = {};
  for (const y of [...new Set([...Object.keys(current), ...Object.keys(updates)])].sort()) {
    const merged = { ...current[y], ...updates[y] };
    years[y] = Object.fromEntries(Object.keys(merged).sort().map((f) => [f, merged[f]!]));
  }
  const manifest: Manifest = { version: MANIFEST_VERSION, years };
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
    const h = createHash('sha256');
    for (const f of ['report.cjs', 'docx-worker.cjs']) {
      const file = path.join(__dirname, f);
      h.update(existsSync(file) ? readFileSync(file) : '');
    }
    code = ` ${h.digest('hex')}`;
  }
  return (identity = `${toolVersion()}${code}`);
}
