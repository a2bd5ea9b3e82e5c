import { describe, expect, it } from 'vitest';
import { layoutSignature, placeSignature } from '../../src/layout/signature.js';

describe('placeSignature (GB/T 9704-2012 §7.3.5)', () => {
  it('unsealed: 署名 右空二字, the date starting two 字 to the right of it', () => {
    // 瓦房镇人民政府 = 7 字; 2025年1月20日 ≈ 6.5 字.
    expect(placeSignature(7, 6.5, false)).toEqual({ issuerRight: 2, dateRight: 0.5 });
  });

  it('unsealed with a date longer than the 署名: date 右空二字, 署名 moves left', () => {
    // The date's first character stays two 字 right of the 署名's first character.
    const p = placeSignature(4, 6.5, false);
    expect(p.dateRight).toBe(2);
    expect(p.issuerRight + 4 - 2).toBe(p.dateRight + 6.5);
  });

  it('sealed: date 右空四字, 署名 centred over it', () => {
    expect(placeSignature(7, 6.5, true)).toEqual({ dateRight: 4, issuerRight: 3.75 });
  });
});

describe('layoutSignature: a long 署名 stays inside the 版心 (§7.3.5)', () => {
  const w = (s: string) => [...s].reduce((a, c) => a + (c.charCodeAt(0) < 0x7f ? 0.5 : 1), 0);
  const DATE = '2025年1月20日'; // 6.5 字

  it('leaves a short 署名 as the standard places it', () => {
    expect(layoutSignature('瓦房镇人民政府', DATE, false, w, 28)).toEqual({
      issuer: [{ text: '瓦房镇人民政府', right: 2 }],
      date: { text: DATE, right: 0.5 },
    });
    expect(layoutSignature('瓦房镇人民政府', DATE, true, w, 28)).toEqual({
      issuer: [{ text: '瓦房镇人民政府', right: 3.75 }],
      date: { text: DATE, right: 4 },
    });
  });

  it('sealed: moves the date left rather than push an 18-字 署名 past the right edge, keeping it centred', () => {
    const p = layoutSignature('中共瓦房镇委员会瓦房镇人民政府办公室', DATE, true, w, 28);
    expect(p.issuer).toEqual([{ text: '中共瓦房镇委员会瓦房镇人民政府办公室', right: 0 }]);
    expect(p.date.right + 6.5 / 2).toBeCloseTo(18 / 2, 9); // same axis
  });

  it('unsealed: wraps a 31-字 署名 after an office name, every line 右空二字 and inside the left edge', () => {
    const p = layoutSignature('瓦房镇人民政府法治建设领导小组办公室与瓦房镇司法所联合执法小组', DATE, false, w, 28);
    expect(p.issuer.map((l) => l.text)).toEqual(['瓦房镇人民政府法治建设领导小组办公室', '与瓦房镇司法所联合执法小组']);
    for (const l of p.issuer) {
      expect(l.right).toBe(2);
      expect(l.right + w(l.text)).toBeLessThanOrEqual(28);
    }
    // The date's first character two 字 right of the last line's first character.
    expect(28 - p.date.right - 6.5 - (28 - 2 - w(p.issuer[1]!.text))).toBe(2);
  });

  it('keeps every line inside for any 署名 up to 40 字, sealed or not', () => {
    const base = '瓦房镇人民政府办公室和司法所联合工作组中共委员会';
    for (let n = 1; n <= 40; n++) {
      const name = base.repeat(3).slice(0, n);
      for (const sealed of [true, false]) {
        const p = layoutSignature(name, DATE, sealed, w, 28);
        expect(p.issuer.map((l) => l.text).join('')).toBe(name);
        for (const l of [...p.issuer, p.date]) {
          expect(l.right).toBeGreaterThanOrEqual(0);
          expect(l.right + w(l.text)).toBeLessThanOrEqual(28 + 1e-9);
        }
      }
    }
  });
});
