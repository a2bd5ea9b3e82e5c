/**
 * The UAX #14 line-breaking classes of the whole Basic Multilingual Plane, as the `linebreak`
 * package resolves them (its class numbers after its own mapping: AI, SA, SG and XX as AL, CJ as
 * NS), written into the bundles by `npm run build` (scripts/bundle.mjs) so that a build does not
 * unpack the package's Unicode table at every start (base64 and DEFLATE, some 2–5 ms).
 *
 * The table is computed from the package itself by {@link encodeBmpClasses}; characters beyond the
 * BMP are always looked up in the package. When run from source (the tests) there is no table and
 * everything is looked up in the package.
 */
import LineBreaker from 'linebreak';

declare const __REPORT_BMP_LINE_BREAK_CLASSES__: string | undefined;

/**
 * The class numbers of U+0000–U+FFFF from the `linebreak` package, as runs `<class>.<length>` in
 * base 36 separated by commas (about 1,800 runs, 12 KB). Used by scripts/bundle.mjs.
 */
export function encodeBmpClasses(): string {
  const runs: string[] = [];
  let run = -1;
  let length = 0;
  for (let cp = 0; cp <= 0x10000; cp++) {
    const n = cp < 0x10000 ? new LineBreaker(String.fromCharCode(cp)).nextCharClass() : -2;
    if (n === run) {
      length++;
      continue;
    }
    if (length > 0) runs.push(`${run.toString(36)}.${length.toString(36)}`);
    run = n;
    length = 1;
  }
  return runs.join(',');
}

let table: Uint8Array | null | undefined;

/**
 * The bundled table (65,536 class numbers, indexed by code point), decoded on first use; null when
 * there is none (running from source).
 */
export function bmpClasses(): Uint8Array | null {
  if (table !== undefined) return table;
  if (typeof __REPORT_BMP_LINE_BREAK_CLASSES__ !== 'string') return (table = null);
  table = new Uint8Array(0x10000);
  let cp = 0;
  for (const run of __REPORT_BMP_LINE_BREAK_CLASSES__.split(',')) {
    const dot = run.indexOf('.');
    const length = parseInt(run.slice(dot + 1), 36);
    table.fill(parseInt(run.slice(0, dot), 36), cp, cp + length);
    cp += length;
  }
  return table;
}

/**
 * What the bundle puts in place of the `linebreak` package's class table (a UnicodeTrie built from
 * its data when the package loads): the same `get(codePoint)`, answered from {@link bmpClasses} in
 * the BMP and from the package's own table, built by `makeTrie` on first need, beyond it. The
 * package maps the class it gets (AI to AL …); the bundled classes are already mapped, and mapping
 * them again changes nothing.
 */
export function classTable(makeTrie: () => { get(codePoint: number): number }): { get(codePoint: number): number } {
  let trie: { get(codePoint: number): number } | undefined;
  return {
    get(cp: number): number {
      const bmp = cp < 0x10000 ? bmpClasses() : null;
      return bmp ? bmp[cp]! : (trie ??= makeTrie()).get(cp);
    },
  };
}
