/**
 * The 禁则 and number cases reported against CJK tools, typeset into a real PDF with the fonts this
 * machine resolves and read back from the PDF's text (pdfjs): with 26 filler 汉字 before the
 * character, so that it falls on the first line's last cell (the first line is indented two 字).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveFonts } from '../../src/cli/fonts.js';
import type { Doc } from '../../src/document/types.js';
import { toPdf } from '../../src/render/pdf/index.js';
import { REPO } from '../helpers/cli.js';
import { readPdf } from '../helpers/pdf.js';

const FILL = '天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往秋收冬藏闰余成岁律吕调阳';
const fill = (n: number) => FILL.slice(0, n);

/** Each case: a paragraph, and what no line of it may start or end with. */
const CASES: readonly { readonly text: string; readonly noStart?: RegExp; readonly noEnd?: RegExp; readonly whole?: string }[] = [
  { text: `${fill(24)}９５％的群众表示满意`, noStart: /^[％５]/, whole: '９５％' },
  { text: `${fill(24)}２０２４年全年工作`, noStart: /^[０４年]/, whole: '２０２４年' },
  { text: `${fill(25)}1,234份资料已发放`, noStart: /^[,234份]/, whole: '1,234份' },
  { text: `${fill(20)}……［注］见附件说明文字`, noStart: /^[］…注]/ },
  { text: `${fill(25)}［注］见附件说明文字`, noEnd: /［$/ },
  { text: `${fill(25)}…］见附件说明文字`, noStart: /^[］…]/ },
  { text: `${fill(18)}培训4场，同比增加2场，共76人次`, whole: '2场' },
  { text: `${fill(23)}走访企业20余家，开展活动30余场，整改15余项`, whole: '20余家' },
  { text: `${fill(24)}开展活动30余场，整改15余项`, whole: '30余场' },
  { text: `${fill(24)}整改15余项，完成`, whole: '15余项' },
];

let lines: string[][];

beforeAll(async () => {
  const fonts = await resolveFonts({}, REPO);
  if (!fonts.ok) throw new Error('fonts');
  lines = [];
  for (const c of CASES) {
    const doc: Doc = { meta: { title: 'T', issuer: 'I', year: 2024, date: '2025-01-20' }, blocks: [{ type: 'paragraph', text: c.text }] };
    const pages = await readPdf((await toPdf(doc, fonts.value, { creationDate: new Date('2025-01-20T00:00:00Z') })).bytes);
    lines.push(pages.flatMap((p) => p.lines.map((l) => l.text.replace(/\s+/g, ''))).filter((t) => !/^—\d+—$/.test(t)));
  }
}, 60_000);

describe('the reported 禁则 and number cases, in the PDF', () => {
  CASES.forEach((c, i) => {
    it(`${c.text.slice(-12)}`, () => {
      const ls = lines[i]!;
      expect(ls.join('')).toBe(c.text);
      expect(ls.length).toBeGreaterThan(1);
      for (const l of ls.slice(1)) if (c.noStart) expect(l, ls.join(' / ')).not.toMatch(c.noStart);
      for (const l of ls.slice(0, -1)) if (c.noEnd) expect(l, ls.join(' / ')).not.toMatch(c.noEnd);
      if (c.whole) expect(ls.some((l) => l.includes(c.whole!)), ls.join(' / ')).toBe(true);
    });
  });
});
