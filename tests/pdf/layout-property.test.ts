/**
 * The line breaker on random paragraphs (fake fixed-width fonts): text is never lost or reordered,
 * no line leaves the 版心, and the 禁则 hold wherever the text allows them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Doc } from '../../src/document/types.js';
import type { FontMetrics } from '../../src/fonts/metrics.js';
import { CELL_PT, layoutDocument, type Measurer, type PlacedLine } from '../../src/render/pdf/layout.js';
import { TEXT_BLOCK_PT } from '../../src/layout/gbt9704.js';
import { RIGHT } from '../helpers/text-block.js';

const narrow = (c: string) => c.charCodeAt(0) < 0x2e80;
const fake: FontMetrics = { key: 'f', font: null, has: () => true, advance: (c) => (narrow(c) ? 0.5 : 1) };
const role = { primary: fake, fallbacks: [], families: { f: 'F' } };
const measurer: Measurer = { title: role, body: role, heading1: role, heading2: role, pageNumber: role };

/** Where the line's last character cell ends. */
function lineEnd(l: PlacedLine): number {
  const r = l.runs.at(-1)!;
  const chars = [...r.text];
  const adv = (c: string) => (narrow(c) ? 0.5 : 1) * l.size;
  const cell = (c: string) => (narrow(c) ? adv(c) : CELL_PT);
  return r.x + chars.slice(0, -1).reduce((s, c) => s + adv(c) + r.spacing, 0) + cell(chars.at(-1)!);
}

const pieces = fc.constantFrom('汉', '字', '年', '人次', '，', '。', '、', '；', '：', '？', '！', '（', '）', '《', '》', '“', '”', '……', '——', '2024年', '95%', '76人次', 'GB', '9704', '.');

describe('line breaking on random paragraphs', () => {
  it('keeps the text, stays in the 版心 and obeys 禁则', () => {
    fc.assert(
      fc.property(fc.array(pieces, { minLength: 1, maxLength: 200 }), (parts) => {
        const text = `开始${parts.join('')}`;
        const doc: Doc = { meta: { title: 'T', issuer: 'I', year: 2024, date: '2025-01-20' }, blocks: [{ type: 'paragraph', text }] };
        const lines = layoutDocument(doc, measurer).pages.flatMap((p) => p.lines).filter((l) => l.kind === 'body');
        expect(lines.map((l) => l.text).join('')).toBe(text);
        for (const [i, l] of lines.entries()) {
          expect(lineEnd(l)).toBeLessThanOrEqual(RIGHT + 1e-6);
          if (i > 0) expect(l.text).not.toMatch(/^[，。、；：？！）》”…—]/);
          if (i < lines.length - 1) expect(l.text).not.toMatch(/[（《“]$/);
        }
      }),
      { numRuns: 400, seed: 9704 },
    );
  });
});
