/**
 * The 版心 (text block) edges and the character cell, in points from the page's top-left corner,
 * as the tests measure against them: GB/T 9704 §5.2.1 (156 × 225 mm, left margin 28 mm, top 37 mm)
 * and §5.2.2 (28 characters a line), taken from src/layout/gbt9704.ts so that tests and product
 * share one definition.
 */
import { CHARS_PER_LINE, TEXT_BLOCK_PT } from '../../src/layout/gbt9704.js';

/** Points per millimetre (72 / 25.4). */
export const MM = 72 / 25.4;
/** The 版心's left edge, pt from the page's left edge. */
export const LEFT = TEXT_BLOCK_PT.left;
/** The 版心's right edge, pt from the page's left edge. */
export const RIGHT = TEXT_BLOCK_PT.left + TEXT_BLOCK_PT.width;
/** The 版心's top edge, pt from the page's top edge. */
export const TOP = TEXT_BLOCK_PT.top;
/** The 版心's bottom edge, pt from the page's top edge. */
export const BOTTOM = TEXT_BLOCK_PT.top + TEXT_BLOCK_PT.height;
/** One character cell of body text: the 版心's width over 28 characters, pt. */
export const CELL = TEXT_BLOCK_PT.width / CHARS_PER_LINE;
