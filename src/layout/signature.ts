/**
 * Where the 署名 and 成文日期 go, GB/T 9704-2012 §7.3.5, as right indents in 字 (one 字 = one
 * body character). Both writers use this, each with its own width measure.
 *
 * §7.3.5.1 加盖印章: 成文日期一般右空四字; the 署名 is centred over the date.
 * §7.3.5.2 不加盖印章: 署名右空二字; 成文日期首字比署名首字右移二字; 如成文日期长于发文机关署名，
 * 应当使成文日期右空二字编排，并相应增加发文机关署名右空字数.
 */
import { SIGNATURE } from './gbt9704.js';
import { breakLines } from './line-break.js';
import { breakCandidates } from './title-break.js';

/** Right indents, in 字, of the two signature lines. */
export interface SignaturePlacement {
  readonly issuerRight: number;
  readonly dateRight: number;
}

/** Places the 署名 (width `issuer` 字) and the 成文日期 (width `date` 字). */
export function placeSignature(issuer: number, date: number, sealed: boolean): SignaturePlacement {
  if (sealed) {
    const dateRight = SIGNATURE.sealedDateRightChars;
    return { dateRight, issuerRight: dateRight + (date - issuer) / 2 };
  }
  if (date > issuer) {
    const dateRight = SIGNATURE.unsealedIssuerRightChars;
    return { dateRight, issuerRight: dateRight + date - issuer + SIGNATURE.unsealedDateShiftChars };
  }
  const issuerRight = SIGNATURE.unsealedIssuerRightChars;
  return { issuerRight, dateRight: issuerRight + issuer - SIGNATURE.unsealedDateShiftChars - date };
}

/** One line of the 署名 or the 成文日期: its text and its right indent in 字. */
export interface SignatureLine {
  readonly text: string;
  readonly right: number;
}

/** The 署名 (one or more lines, top to bottom) and the 成文日期 below it. */
export interface SignatureLayout {
  readonly issuer: readonly SignatureLine[];
  readonly date: SignatureLine;
}

/**
 * Lays out the 署名 and 成文日期 inside the 版心 (§7.3.5), for a line of `lineChars` 字 and widths
 * from `measure` (in 字; each writer passes its own measure of the body font).
 *
 * The standard places them relative to the right edge and to each other; a long 署名 would pass
 * the 版心's edge. In that case, keeping every line inside the 版心:
 * - 加盖印章 (§7.3.5.1): the 署名 stays centred over the date; when centring it over a date 右空四字
 *   would push it past the right edge, the date moves left (the pair keeps its axis) until the
 *   署名 ends at the edge.
 * - 不加盖印章 (§7.3.5.2): a 署名 longer than the line less its 右空二字 is wrapped.
 * - Either way, a 署名 wider than the line it may use is wrapped: into two lines where the name reads
 *   best broken (after an office name such as 办公室 or 人民政府, before 和/与 — the title breaker's
 *   word boundaries), as even as that allows; a longer one into balanced lines broken by
 *   layout/line-break.ts. The date is placed against the last line (unsealed: first characters two
 *   字 apart) or under the common axis (sealed).
 */
export function layoutSignature(
  issuer: string,
  date: string,
  sealed: boolean,
  measure: (text: string) => number,
  lineChars: number,
): SignatureLayout {
  const wD = measure(date);
  const room = sealed ? lineChars : lineChars - SIGNATURE.unsealedIssuerRightChars;
  const lines = wrapBalanced(issuer, measure, room);
  const widths = lines.map(measure);
  const widest = Math.max(...widths);
  if (sealed) {
    // The axis: the date 右空四字, or further left so that the widest line still fits.
    const dateRight = Math.max(SIGNATURE.sealedDateRightChars, (widest - wD) / 2);
    const axis = dateRight + wD / 2;
    return {
      issuer: lines.map((text, i) => ({ text, right: Math.max(0, axis - widths[i]! / 2) })),
      date: { text: date, right: dateRight },
    };
  }
  const last = widths.at(-1)!;
  const place = placeSignature(last, wD, false);
  // Every line right-aligned with the last one, never past the left edge.
  const issuerRight = Math.min(place.issuerRight, lineChars - widest);
  return {
    issuer: lines.map((text) => ({ text, right: issuerRight })),
    date: { text: date, right: Math.max(0, Math.min(place.dateRight, lineChars - wD)) },
  };
}

/** `text` in as few lines of at most `room` 字 as possible, as even in length as the breaks allow. */
function wrapBalanced(text: string, measure: (text: string) => number, room: number): string[] {
  const total = measure(text);
  if (total <= room + 1e-9) return [text];
  const chars = [...text];
  const widths = chars.map(measure);
  const cut = (ends: readonly number[]) => {
    let from = 0;
    return ends.map((end) => {
      const s = chars.slice(from, end).join('');
      from = end;
      return s;
    });
  };
  const fewest = breakLines(chars, widths, room, room).length;
  if (fewest === 2) {
    // Two lines: where the name reads best broken (after an office name, before 和/与 …, as for
    // titles), both lines fitting, the more even the better.
    const candidates = breakCandidates(text);
    let best: { at: number; cost: number } | null = null;
    for (let at = 1; at < chars.length; at++) {
      const a = measure(chars.slice(0, at).join(''));
      const b = total - a;
      if (a > room + 1e-9 || b > room + 1e-9) continue;
      const score = candidates.get(at);
      const cost = (score === undefined ? 20 : -4 * score) + Math.abs(a - b) / 2;
      if (!best || cost < best.cost) best = { at, cost };
    }
    if (best) return [chars.slice(0, best.at).join(''), chars.slice(best.at).join('')];
  }
  // The narrowest width that still gives the fewest lines: balanced lines.
  for (let w = Math.ceil((total / fewest) * 2) / 2; w < room; w += 0.5) {
    const ends = breakLines(chars, widths, w, w);
    if (ends.length === fewest) return cut(ends);
  }
  return cut(breakLines(chars, widths, room, room));
}
