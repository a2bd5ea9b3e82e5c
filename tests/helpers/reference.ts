/**
 * The reference report (../shared/reference/wafang-2024-report.txt) as a list of sentences, and an
 * assertion that a document's text contains all of them in order. Whitespace is ignored on both
 * sides (the reference has stray spaces around “比学赶超”; PDFs break lines anywhere), and page
 * numbers "— n —" are removed from extracted PDF text first.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const candidates = ['../../../shared/reference/wafang-2024-report.txt', '../../shared/reference/wafang-2024-report.txt'];

/** The reference file's path (the shared folder sits beside the repository). */
export function referencePath(): string {
  for (const c of candidates) {
    const p = fileURLToPath(new URL(c, import.meta.url));
    if (existsSync(p)) return p;
  }
  throw new Error('reference report not found beside the repository (../shared/reference/)');
}

/** Removes whitespace and PDF page-number lines. */
export function normalise(text: string): string {
  return text
    .split('\n')
    .filter((l) => !/^\s*—\s*\d+\s*—\s*$/.test(l))
    .join('')
    .replace(/\s+/g, '');
}

/** The reference split into sentences (at 。；：！？ and line ends), whitespace removed. */
export function referenceSentences(): string[] {
  return readFileSync(referencePath(), 'utf8')
    .split(/(?<=[。；：！？])|\n/)
    .map((s) => s.replace(/\s+/g, ''))
    .filter((s) => s !== '');
}

/**
 * Returns the reference sentences that are missing from `text` or out of order (empty when all
 * are present in order).
 */
export function missingSentences(text: string): string[] {
  const hay = normalise(text);
  const missing: string[] = [];
  let from = 0;
  for (const s of referenceSentences()) {
    const at = hay.indexOf(s, from);
    if (at < 0) missing.push(s);
    else from = at + s.length;
  }
  return missing;
}
