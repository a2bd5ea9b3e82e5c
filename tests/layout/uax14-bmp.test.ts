/**
 * The bundles' UAX #14 classes of the BMP (scripts/line-break-classes.mjs, src/layout/uax14-bmp.ts):
 * the `linebreak` package, bundled with its class table replaced by the precomputed one, gives
 * every character the class the package itself gives, and breaks text where the package does,
 * characters beyond the BMP included.
 */
import { createRequire } from 'node:module';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a build script without type declarations
import { bmpClassRuns, bmpLineBreakClasses } from '../../scripts/line-break-classes.mjs';

interface Breaker {
  nextCharClass(): number;
  nextBreak(): { position: number; required: boolean } | null;
}
type BreakerClass = new (text: string) => Breaker;

const require = createRequire(import.meta.url);

/** `linebreak` bundled as `npm run build` bundles it (with or without the precomputed classes). */
async function bundledLinebreak(patched: boolean): Promise<BreakerClass> {
  const runs: string = await bmpClassRuns({ target: 'node20' });
  const { outputFiles } = await build({
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'silent',
    define: patched ? { __REPORT_BMP_LINE_BREAK_CLASSES__: JSON.stringify(runs) } : {},
    plugins: patched ? [bmpLineBreakClasses] : [],
    stdin: { contents: "module.exports = require('linebreak');", resolveDir: process.cwd(), loader: 'js' },
  });
  // The replacement is there (the build script stops when it cannot make it).
  expect(outputFiles![0]!.text.includes('.classTable(() => new ')).toBe(patched);
  const module = { exports: {} as unknown };
  new Function('module', 'exports', 'require', outputFiles![0]!.text)(module, module.exports, require);
  const m = module.exports as BreakerClass | { default: BreakerClass };
  return 'default' in m ? m.default : m;
}

const breaks = (B: BreakerClass, text: string): number[] => {
  const out: number[] = [];
  const b = new B(text);
  for (let x = b.nextBreak(); x; x = b.nextBreak()) out.push(x.position * (x.required ? -1 : 1));
  return out;
};

describe('the bundled line-breaking classes', () => {
  it('give every BMP character the class the package gives it, and break text where it does', async () => {
    const [original, patched] = await Promise.all([bundledLinebreak(false), bundledLinebreak(true)]);
    const differ: string[] = [];
    for (let cp = 0; cp < 0x10000; cp++) {
      const ch = String.fromCharCode(cp);
      const want = new original(ch).nextCharClass();
      const got = new patched(ch).nextCharClass();
      if (got !== want) differ.push(`U+${cp.toString(16)}: ${got} ≠ ${want}`);
    }
    expect(differ.slice(0, 10)).toEqual([]);
    const texts = [
      '2024年，全镇共办理行政复议案件12件，同比增长8.6%。“谁执法谁普法”责任制——落实到位……',
      'See https://www.example.gov.cn/zwgk/2024/index.html, e-mail: office@example.gov.cn.',
      '𠀀𠀁 emoji 😀👍🏽 and 𝟘𝟙𝟚 and ค่ะครับ and 한국어 텍스트',
      '（一）坚持党的领导。\n第二段\r\n第三段 (a) [b] {c} 『d』',
    ];
    for (const t of texts) expect(breaks(patched, t)).toEqual(breaks(original, t));
  }, 60_000);
});
