/**
 * The line breaker's UAX #14 classes of the whole Basic Multilingual Plane in the bundles
 * (scripts/bundle.mjs), and the test that checks them (tests/layout/uax14-bmp.test.ts).
 *
 * The `linebreak` package unpacks its Unicode class table (a trie, base64 and DEFLATE) when it
 * loads, some 2–5 ms at every start of a PDF build. `npm run build` instead computes the classes of
 * U+0000–U+FFFF from the package, by src/layout/uax14-bmp.ts (encodeBmpClasses), writes them into
 * the bundles as a string constant, and replaces the package's table by one that answers from them
 * in the BMP and builds the package's trie only for a character beyond it.
 */
import { readFileSync } from 'node:fs';
import { runBundled } from './run-bundled.mjs';

const ROOT = new URL('..', import.meta.url).pathname;

/**
 * The classes of the BMP as runs (`<class>.<length>` in base 36, comma-separated), computed by
 * src/layout/uax14-bmp.ts from the installed `linebreak` package. `options`: esbuild options to
 * share (target, platform …). Throws when the runs do not cover the BMP exactly.
 */
export async function bmpClassRuns(options = {}) {
  const runs = await runBundled("import { encodeBmpClasses } from './src/layout/uax14-bmp.ts'; module.exports = encodeBmpClasses();", { ...options, plugins: [] });
  if (typeof runs !== 'string' || runs.split(',').reduce((sum, r) => sum + parseInt(r.split('.')[1], 36), 0) !== 0x10000) throw new Error('line-break classes look wrong');
  return runs;
}

/**
 * An esbuild plugin for the `linebreak` package (dist/main.cjs): its class table `new
 * UnicodeTrie(data)`, built when the package loads from `data = base64.toByteArray("…")`, becomes
 * `classTable(() => new UnicodeTrie(data()))` of src/layout/uax14-bmp.ts, which answers BMP
 * characters from `__REPORT_BMP_LINE_BREAK_CLASSES__` (to be defined, see {@link bmpClassRuns}) and
 * builds the trie only for a character beyond the BMP. The build stops if the package's code no
 * longer has the expected shape (another version of it), rather than bundle it unpatched.
 */
export const bmpLineBreakClasses = {
  name: 'bmp-line-break-classes',
  setup(b) {
    b.onLoad({ filter: /[\\/]linebreak[\\/]dist[\\/]main\.cjs$/ }, (args) => {
      let text = readFileSync(args.path, 'utf8');
      const data = /^const (\$\w+\$var\$data) = (\(\$parcel\$interopDefault\(\$\w+\$base64js\)\)\.toByteArray\("[^"]*"\));$/m;
      const trie = /^const (\$\w+\$var\$classTrie) = (new \(\$parcel\$interopDefault\(\$\w+\$unicodetrie\)\))\((\$\w+\$var\$data)\);$/m;
      const d = data.exec(text);
      const t = trie.exec(text);
      if (!d || !t || t[3] !== d[1]) throw new Error(`${args.path}: the class table is not where scripts/line-break-classes.mjs expects it`);
      const table = JSON.stringify(`${ROOT}src/layout/uax14-bmp.ts`);
      text = text.replace(data, () => `const ${d[1]} = () => ${d[2]};`);
      text = text.replace(trie, () => `const ${t[1]} = require(${table}).classTable(() => ${t[2]}(${d[1]}()));`);
      return { contents: text, loader: 'js' };
    });
  },
};
