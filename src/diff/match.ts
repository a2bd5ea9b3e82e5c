/**
 * Similarity pairing for the list matcher, bounded so that it stays near linear in the lists:
 *
 * - the similarity of two texts is 2 × LCS / total length, the LCS length computed bit-parallel
 *   (Hyyrö 2004: one machine word covers 32 characters, O(n·m/32)), the same number a minimal
 *   character diff gives;
 * - only some pairs get it: every pair when the two lists make at most {@link ALL_PAIRS} pairs;
 *   otherwise each item's {@link CANDIDATES} best partners by shared character bigrams, found
 *   through an index that skips bigrams shared by more than {@link COMMON_BIGRAM} items;
 * - and only pairs whose character counts allow the threshold (an upper bound on the LCS).
 */

/** Up to this many pairs, every pair of unmatched items is compared. */
export const ALL_PAIRS = 400;
/** Otherwise each item is compared with this many candidates, the ones sharing the most bigrams. */
export const CANDIDATES = 8;
/** A bigram found in more items than this says nothing about which item is which. */
export const COMMON_BIGRAM = 64;

/** The length of the longest common subsequence of two texts, in characters (code points). */
export function lcsLength(a: readonly string[], b: readonly string[]): number {
  if (a.length < b.length) [a, b] = [b, a]; // bits along the longer text: fewer passes
  const m = a.length;
  if (m === 0 || b.length === 0) return 0;
  const words = (m + 31) >>> 5;
  const masks = new Map<string, Uint32Array>();
  for (let i = 0; i < m; i++) {
    let mask = masks.get(a[i]!);
    if (!mask) masks.set(a[i]!, (mask = new Uint32Array(words)));
    mask[i >>> 5]! |= 1 << (i & 31);
  }
  const v = new Uint32Array(words).fill(0xffffffff);
  for (const ch of b) {
    const mask = masks.get(ch);
    if (!mask) continue;
    let carry = 0;
    for (let w = 0; w < words; w++) {
      const x = v[w]!;
      const y = mask[w]!;
      const sum = x + ((x & y) >>> 0) + carry; // >>> 0: JavaScript's & gives a signed 32-bit number
      carry = sum > 0xffffffff ? 1 : 0;
      v[w] = (sum >>> 0) | (x & ~y);
    }
  }
  let zeros = 0;
  for (let i = 0; i < m; i++) if (((v[i >>> 5]! >>> (i & 31)) & 1) === 0) zeros++;
  return zeros;
}

/** An upper bound of the LCS: characters the two texts have in common, counted with multiplicity. */
export function commonCharacters(a: readonly string[], b: readonly string[]): number {
  const counts = new Map<string, number>();
  for (const ch of a) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let same = 0;
  for (const ch of b) {
    const n = counts.get(ch);
    if (n) {
      same++;
      counts.set(ch, n - 1);
    }
  }
  return same;
}

/** The distinct character bigrams of a text. */
function bigrams(chars: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (let i = 1; i < chars.length; i++) out.add(chars[i - 1]! + chars[i]!);
  if (chars.length === 1) out.add(chars[0]!);
  return out;
}

/**
 * Which pairs (after index, before index) may be similar: all of them for small lists, else each
 * after item's best candidates by shared bigrams (see the module comment). Linear in the total
 * length of the items for large lists.
 */
export function candidatePairs(after: readonly string[][], before: readonly string[][]): [number, number][] {
  if (after.length * before.length <= ALL_PAIRS) return after.flatMap((_, a) => before.map((_, b) => [a, b] as [number, number]));
  const index = new Map<string, number[]>();
  before.forEach((chars, b) => {
    for (const g of bigrams(chars)) {
      const list = index.get(g);
      if (!list) index.set(g, [b]);
      else if (list.length <= COMMON_BIGRAM) list.push(b);
    }
  });
  const pairs: [number, number][] = [];
  after.forEach((chars, a) => {
    const shared = new Map<number, number>();
    for (const g of bigrams(chars)) {
      const list = index.get(g);
      if (!list || list.length > COMMON_BIGRAM) continue;
      for (const b of list) shared.set(b, (shared.get(b) ?? 0) + 1);
    }
    const best = [...shared].sort((x, y) => y[1] - x[1] || x[0] - y[0]).slice(0, CANDIDATES);
    for (const [b] of best) pairs.push([a, b]);
  });
  return pairs;
}
