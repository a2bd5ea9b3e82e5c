/**
 * The PDF line breaker's word lengths (layout/line-break.ts: how long the measure word after a
 * number is, by ICU's Chinese word segmentation) kept between runs in the cache folder, one file
 * per ICU version. ICU loads its Chinese dictionary the first time it segments (7–17 ms); a
 * rebuild whose numbers are followed by words already seen finds every length in this file and
 * never loads it, and the DOCX thread, which otherwise loads it for the main thread
 * (bin/report.js), is spared it as well. The file carries its CRC-32; a missing or damaged one is
 * simply not used.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { rememberWordLengths, wordLengthsFound } from '../layout/line-break.js';
import { writeAtomic } from './output.js';

/**
 * The file's name in the cache folder for this runtime's ICU. bin/report.js builds the same name to
 * tell whether the DOCX thread should load ICU's dictionary for the main thread.
 */
export function wordLengthsFileName(versions: NodeJS.ProcessVersions = process.versions): string {
  return `word-lengths-icu${versions.icu ?? 'none'}-unicode${versions.unicode ?? 'none'}.json`;
}

/**
 * Reads the word lengths kept in `folder`; whether there were any (none when the file is missing
 * or damaged).
 */
export function loadWordLengths(folder: string): boolean {
  try {
    const file = JSON.parse(readFileSync(path.join(folder, wordLengthsFileName()), 'utf8')) as { crc?: unknown; lengths?: unknown };
    // Checked as every cache is (CRC-32): a length changed on disk would move a line break.
    if (typeof file.lengths !== 'string' || file.crc !== crc32(file.lengths)) return false;
    const kept: unknown = JSON.parse(file.lengths);
    if (!Array.isArray(kept)) return false;
    rememberWordLengths(kept.filter((e): e is [unknown, unknown] => Array.isArray(e) && e.length === 2));
    return kept.length > 0;
  } catch {
    return false;
  }
}

/** Writes the word lengths known now to `folder` when this run found new ones (never throws). */
export function saveWordLengths(folder: string): void {
  const { lengths, added } = wordLengthsFound();
  if (added === 0) return;
  try {
    const text = JSON.stringify([...lengths]);
    writeAtomic(path.join(folder, wordLengthsFileName()), `${JSON.stringify({ crc: crc32(text), lengths: text })}\n`, wordLengthsFileName());
  } catch {
    // No writable cache folder: the next run segments again.
  }
}
