/**
 * The reference report — the 2024 report of 瓦房镇人民政府 the sample must reproduce, kept verbatim
 * in tests/fixtures/wafang-2024-report.txt — as a list of sentences, and an assertion that a
 * document's text contains all of them in order. Whitespace is ignored on both sides (the
 * reference has stray spaces around “比学赶超”; PDFs break lines anywhere), and page numbers
 * "— n —" are removed from extracted PDF text first.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The reference file's path. */
export function referencePath(): string {
  return fileURLToPath(new URL('../fixtures/wafang-2024-report.txt', import.meta.url));
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
