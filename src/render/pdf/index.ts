/** PDF writer: being written on its own branch; this placeholder keeps the CLI compiling. */
import type { Diagnostic } from '../../diagnostics.js';
import type { Doc } from '../../document/types.js';
import type { FontSet } from '../../fonts/types.js';

/** Typesets a document as PDF. */
export async function toPdf(_doc: Doc, _fonts: FontSet, _options: { creationDate: Date }): Promise<{ bytes: Uint8Array; warnings: Diagnostic[] }> {
  throw new Error('PDF writer not merged yet');
}
