/**
 * Where the 署名 and 成文日期 go, GB/T 9704-2012 §7.3.5, as right indents in 字 (one 字 = one
 * body character). Both writers use this, each with its own width measure.
 *
 * §7.3.5.1 加盖印章: 成文日期一般右空四字; the 署名 is centred over the date.
 * §7.3.5.2 不加盖印章: 署名右空二字; 成文日期首字比署名首字右移二字; 如成文日期长于发文机关署名，
 * 应当使成文日期右空二字编排，并相应增加发文机关署名右空字数.
 */
import { SIGNATURE } from './gbt9704.js';

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
