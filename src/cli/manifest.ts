/**
 * The build manifest, `out/.report-manifest.json`: for each year, a hash of every input that went
 * into its documents (data, the previous year's data, template, config, font files, tool version,
 * SOURCE_DATE_EPOCH) and the sha256 of each document written. A year whose inputs are unchanged
 * and whose documents are still as written is up to date and is skipped.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeAtomic } from './output.js';

/** The manifest's file name inside the output folder. */
export const MANIFEST_FILE = '.report-manifest.json';

/** What the manifest records of one year. */
export interface YearEntry {
  readonly inputs: string;
  readonly files: Readonly<Record<string, { readonly file: string; readonly sha256: string; readonly bytes: number }>>;
}

/** The manifest. */
export interface Manifest {
  readonly version: 1;
  readonly years: Readonly<Record<string, YearEntry>>;
}

/** sha256 of bytes, hex. */
export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Hashes a list of named inputs (file contents are read; other entries are taken as they are). */
export function hashInputs(parts: readonly { readonly name: string; readonly file?: string; readonly value?: string }[]): string {
  const h = createHash('sha256');
  for (const p of parts) {
    h.update(`${p.name}\0`);
    if (p.file !== undefined) h.update(existsSync(p.file) ? readFileSync(p.file) : '(missing)');
    if (p.value !== undefined) h.update(p.value);
    h.update('\0');
  }
  return h.digest('hex');
}

/** Reads the manifest of an output folder (an unreadable one counts as empty). */
export function readManifest(outDir: string): Manifest {
  try {
    const m = JSON.parse(readFileSync(path.join(outDir, MANIFEST_FILE), 'utf8')) as Manifest;
    if (m.version === 1 && m.years && typeof m.years === 'object') return m;
  } catch {
    // No manifest yet, or a damaged one: everything is rebuilt.
  }
  return { version: 1, years: {} };
}

/** Writes the manifest with the given years updated. */
export function writeManifest(outDir: string, updates: Readonly<Record<string, YearEntry>>, display: string): void {
  const current = readManifest(outDir);
  const years = { ...current.years, ...updates };
  const sorted = Object.fromEntries(Object.keys(years).sort().map((k) => [k, years[k]!]));
  writeAtomic(path.join(outDir, MANIFEST_FILE), `${JSON.stringify({ version: 1, years: sorted }, null, 2)}\n`, display);
}

/** Whether a year's documents on disk are those the manifest recorded for these inputs. */
export function upToDate(entry: YearEntry | undefined, inputs: string, root: string, formats: readonly string[]): boolean {
  if (!entry || entry.inputs !== inputs) return false;
  return formats.every((f) => {
    const rec = entry.files[f];
    if (!rec) return false;
    const file = path.resolve(root, rec.file);
    return existsSync(file) && sha256(readFileSync(file)) === rec.sha256;
  });
}
