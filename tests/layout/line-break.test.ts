/**
 * The line breaker (src/layout/line-break.ts): the cases reported against CJK tools, then every
 * character of each 禁则 class walked through it, then random paragraphs mixing the classes.
 * Widths: one cell for a wide character, half for ASCII; a first line of 26 cells (two indented),
 * then 28, as in the body text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CLREQ_NO_START_MARKS,
  LINE_BREAK_CLASSES,
  NO_END_CLASSES,
  NO_START_CLASSES,
  breakLines,
  isNoEnd,
  isNoStart,
  lineBreakClass,
} from '../../src/layout/line-break.js';

const cell = (c: string) => (c.codePointAt(0)! < 0x7f ? 0.5 : 1);

/** The lines of `text` on a 26-cell first line and 28-cell later ones. */
function lines(text: string, first = 26, rest = 28): string[] {
  const chars = [...text];
  let from = 0;
  return breakLines(chars, chars.map(cell), first, rest).map((end) => {
    const s = chars.slice(from, end).join('');
    from = end;
    return s;
  });
}

const FILL = '天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往秋收冬藏闰余'; // 26 汉字
const fill = (n: number) => FILL.repeat(3).slice(0, n);

describe('the reported cases', () => {
  it('never starts a line with ％ after full-width digits, nor splits the digits', () => {
    const [a, b] = lines(`${fill(24)}９５％的群众满意`);
    expect(a).toBe(fill(24));
    expect(b!.startsWith('９５％')).toBe(true);
  });

  it('keeps full-width digits together: …天地２０ / ２４年 does not happen', () => {
    const out = lines(`${fill(24)}２０２４年全年`);
    expect(out[0]).toBe(fill(24));
    expect(out[1]!.startsWith('２０２４年')).toBe(true);
  });

  it('keeps a number with thousands separators and its measure word', () => {
    const out = lines(`${fill(25)}1,234份资料`);
    expect(out[0]).toBe(fill(25));
    expect(out[1]!.startsWith('1,234份')).toBe(true);
  });

  it('never starts a line with ］ nor ends one with ［', () => {
    const start = lines(`${fill(20)}……［注］说明文字很长很长`);
    for (const l of start.slice(1)) expect(l).not.toMatch(/^[］…]/);
    const end = lines(`${fill(25)}［注］说明`);
    expect(end[0]!.endsWith('［')).toBe(false);
    const close = lines(`${fill(25)}…］后面`);
    for (const l of close.slice(1)) expect(l).not.toMatch(/^[］…]/);
  });

  it('keeps any measure word with its number, not only the ones on a list', () => {
    for (const unit of ['场', '余家', '余场', '余项', '人次', '个', '平方米', '多项', '%以上']) {
      const text = `${fill(24)}同比增加2${unit}，其他`;
      const out = lines(text);
      const where = out.findIndex((l) => l.includes('2'));
      expect(out[where]!.endsWith('2'), `${unit}: ${out.join(' / ')}`).toBe(false);
      expect(out.join('')).toBe(text);
    }
  });

  it('keeps decimals, percent and per-mille signs and qualifiers', () => {
    for (const num of ['8.6%', '９５％', '3‰', '20余', '１，２３４', '1.2万']) {
      for (let n = 20; n <= 26; n++) {
        const text = `${fill(n)}${num}场次`;
        const out = lines(text);
        const joined = out.join('|');
        expect(joined, joined).toContain(num);
      }
    }
  });

  it('breaks a word longer than a line where the line ends, filling the line before it', () => {
    const address = `${'x'.repeat(30)}@example.gov.cn/${'a'.repeat(24)}`;
    const out = lines(`联系邮箱：${address}`);
    expect(out.length).toBeGreaterThan(1);
    expect(out[0]!.startsWith('联系邮箱：x')).toBe(true);
    // Every line but the last is full (26 or 28 cells, to half a cell).
    out.slice(0, -1).forEach((l, i) => expect([...l].reduce((s, c) => s + cell(c), 0)).toBeGreaterThan((i === 0 ? 26 : 28) - 0.6));
    expect(out.join('')).toBe(`联系邮箱：${address}`);
  });

  it('breaks a web address shorter than a line rather than leave the line before it loose', () => {
    // Measured with the fonts' Latin widths (about 0.55 em), "https://www.qingshan.gov.cn/" does not
    // fit after the Chinese text; breaking after "https://" would spread 11 cells over the line.
    const wide = (c: string) => (c.codePointAt(0)! < 0x7f ? 0.55 : 1);
    const text = '更新镇政府信息公开专栏（https://www.qingshan.gov.cn/col/col12345/index.html）。部分行政机关工作人员';
    const chars = [...text];
    let from = 0;
    const out = breakLines(chars, chars.map(wide), 28, 28).map((end) => chars.slice(from, (from = end)).join(''));
    expect(out.join('')).toBe(text);
    out.slice(0, -1).forEach((l) => expect([...l].reduce((s, c) => s + wide(c), 0)).toBeGreaterThan(28 - 0.6));
    // A number inside it stays whole all the same, and a short Latin word is never broken.
    expect(lines('汉'.repeat(20) + 'WPS与Word、汉字2024年')).toEqual(['汉'.repeat(20) + 'WPS与Word、', '汉字2024年']);
  });

  it('keeps —— and …… whole, and a 连接号 — off the start of a line', () => {
    for (let n = 22; n <= 26; n++) {
      for (const s of ['——破折', '……省略', '2021—2025年']) {
        const out = lines(`${fill(n)}${s}号后面的字`);
        expect(out.join('|')).not.toMatch(/—\|—|…\|…|\|—2025/);
      }
    }
  });
});

/** Every BMP code point whose class (or clreq's extra list) puts it in a 禁则 set. */
function members(pred: (ch: string) => boolean): string[] {
  const out: string[] = [];
  for (let cp = 0x21; cp < 0x10000; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const ch = String.fromCharCode(cp);
    if (/\p{C}|\p{Z}|\p{M}/u.test(ch)) continue;
    if (pred(ch)) out.push(ch);
  }
  return out;
}

describe('every character of each class', () => {
  it('takes its classes from UAX #14 (spot checks of the library table)', () => {
    expect(LINE_BREAK_CLASSES).toHaveLength(43);
    const expected: Record<string, string> = { '，': 'CL', '。': 'CL', ')': 'CP', '）': 'CL', '！': 'EX', '：': 'NS', '％': 'PO', '（': 'OP', '“': 'QU', '…': 'IN', '—': 'B2', '2': 'NU', '汉': 'ID', 'ー': 'NS' };
    for (const [ch, c] of Object.entries(expected)) expect(lineBreakClass(ch), ch).toBe(c);
  });

  const noStart = members(isNoStart);
  const noEnd = members(isNoEnd);

  it('finds the classes populated', () => {
    for (const c of NO_START_CLASSES) expect(noStart.some((ch) => lineBreakClass(ch) === c), c).toBe(true);
    for (const c of NO_END_CLASSES) expect(noEnd.some((ch) => lineBreakClass(ch) === c), c).toBe(true);
    for (const ch of CLREQ_NO_START_MARKS) expect(noStart).toContain(ch);
    for (const ch of '，。、；：？！）》」』〕】］｝”’％‰…') expect(noStart).toContain(ch);
    for (const ch of '（《「『〔【［｛“‘') expect(noEnd).toContain(ch);
    expect(noStart.length).toBeGreaterThan(250);
  });

  it('never starts a line with any 行首禁则 character falling on the first cell of a line', () => {
    const bad: string[] = [];
    for (const ch of noStart) {
      const w = cell(ch);
      // Fill the first line exactly, so that the character would come first on the second line.
      const out = lines(`${fill(26)}${ch}${fill(4)}`, 26, 28);
      if (out.slice(1).some((l) => l.startsWith(ch)) || out.join('') !== `${fill(26)}${ch}${fill(4)}`) bad.push(`${ch} U+${ch.codePointAt(0)!.toString(16)} (${w})`);
    }
    expect(bad).toEqual([]);
  });

  it('never ends a line with any 行尾禁则 character falling on the last cell of a line', () => {
    const bad: string[] = [];
    for (const ch of noEnd) {
      const before = 26 - cell(ch);
      const text = `${fill(Math.floor(before))}${'a'.repeat((before % 1) * 2)}${ch}${fill(4)}`;
      const out = lines(text, 26, 28);
      if (out.slice(0, -1).some((l) => l.endsWith(ch)) || out.join('') !== text) bad.push(`${ch} U+${ch.codePointAt(0)!.toString(16)}`);
    }
    expect(bad).toEqual([]);
  });

  it('never splits a number written with any decimal digit of any script or width', () => {
    const digits = members((ch) => /^\p{Nd}$/u.test(ch));
    expect(digits.length).toBeGreaterThan(300);
    const bad: string[] = [];
    for (const d of digits) {
      for (const n of [24, 25]) {
        const num = `${d}${d},${d}${d}${d}.${d}%`;
        const out = lines(`${fill(n)}${num}份材料`);
        if (!out.some((l) => l.includes(`${num}份`))) bad.push(`${d} U+${d.codePointAt(0)!.toString(16)}: ${out.join(' / ')}`);
      }
    }
    expect(bad).toEqual([]);
  });
});

describe('random paragraphs mixing the classes', () => {
  const noStart = members(isNoStart).filter((ch) => !'—…'.includes(ch));
  const noEnd = members(isNoEnd);
  const digits = ['0', '5', '９', '٣', '০'];
  const piece = fc.oneof(
    fc.constantFrom(...'汉字年人法治政府建设工作'),
    // An ideograph with one mark that may not start a line after it.
    fc.tuple(fc.constantFrom(...'汉字年人'), fc.constantFrom(...noStart)).map(([a, b]) => a + b),
    // A mark that may not end a line, before an ideograph.
    fc.tuple(fc.constantFrom(...noEnd), fc.constantFrom(...'汉字年人')).map(([a, b]) => a + b),
    // A number: digits, separator, decimals, percent, qualifier and a measure word.
    fc
      .tuple(
        fc.array(fc.constantFrom(...digits), { minLength: 1, maxLength: 4 }),
        fc.constantFrom('', ',000', '.5', '，５'),
        fc.constantFrom('', '%', '％', '‰'),
        fc.constantFrom('', '余', '多'),
        fc.constantFrom('场', '人次', '家', '项'),
      )
      .map(([d, sep, pct, q, unit]) => `〈N${d.join('')}${sep}${pct}${q}${unit}N〉`),
    fc.constantFrom('——', '……', 'GB/T 9704', 'abc'),
  );

  it('keeps the text, fits the lines and obeys every rule', () => {
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 160 }), fc.integer({ min: 20, max: 40 }), (parts, width) => {
        // Numbers are marked 〈N…N〉 to find them; the marks are taken out before breaking.
        const marked = `开始${parts.join('')}`;
        const numbers = [...marked.matchAll(/〈N(.*?)N〉/gu)].map((m) => m[1]!);
        const text = marked.replace(/〈N|N〉/gu, '');
        const out = lines(text, width - 2, width);
        expect(out.join('')).toBe(text);
        out.forEach((l, i) => {
          expect([...l].reduce((s, c) => s + cell(c), 0)).toBeLessThanOrEqual((i === 0 ? width - 2 : width) + 1e-9);
          if (i > 0) expect(isNoStart([...l][0]!), `line ${i} starts with ${l[0]}: ${out.join(' / ')}`).toBe(false);
          if (i < out.length - 1) expect(isNoEnd([...l].at(-1)!), `line ${i} ends with ${l.at(-1)}`).toBe(false);
        });
        // No line ends inside a number, nor between it and its measure word's first character.
        const ends = new Set<number>();
        let at = 0;
        for (const l of out) ends.add((at += [...l].length));
        const chars = [...text];
        let from = 0;
        for (const num of numbers) {
          const head = [...num.replace(/(场|人次|家|项)$/u, (u) => u[0]!)];
          let k = from;
          while (chars.slice(k, k + head.length).join('') !== head.join('')) k++;
          for (let e = k + 1; e < k + head.length; e++) expect(ends.has(e), `${head.join('')} split: ${out.join(' / ')}`).toBe(false);
          from = k + head.length;
        }
      }),
      { numRuns: 300, seed: 14 },
    );
  });
});
