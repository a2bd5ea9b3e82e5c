import { describe, expect, it } from 'vitest';
import { placeSignature } from '../../src/layout/signature.js';

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
