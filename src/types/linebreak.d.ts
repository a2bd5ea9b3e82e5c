/**
 * Types for `linebreak` (the UAX #14 implementation pdfkit itself uses), as far as this project
 * uses it. The package ships no declarations.
 */
declare module 'linebreak' {
  /** A break opportunity before the UTF-16 offset `position`; `required` after a hard line break. */
  interface Break {
    readonly position: number;
    readonly required: boolean;
  }
  /** Iterates over the break opportunities of a string (Unicode Line Breaking Algorithm, UAX #14). */
  export default class LineBreaker {
    constructor(text: string);
    /** The next break opportunity, or null at the end of the text. */
    nextBreak(): Break | null;
    /**
     * The line-breaking class of the next code point, as the algorithm uses it (the numbers of
     * the library's class table: 0 OP, 1 CL, … with AI, SA, SG, XX resolved to AL and CJ to NS).
     */
    nextCharClass(): number;
  }
}
