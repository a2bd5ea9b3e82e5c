/** DOCX writer: being written on its own branch; this placeholder keeps the CLI compiling. */
import type { Doc } from '../../document/types.js';
import type { FontRole } from '../../layout/gbt9704.js';

/** Options of the DOCX writer. */
export interface DocxOptions {
  readonly fontNames?: Partial<Record<FontRole, string>>;
  readonly modified: Date;
}

/** Writes a document as DOCX. */
export async function toDocx(_doc: Doc, _options: DocxOptions): Promise<Uint8Array> {
  throw new Error('DOCX writer not merged yet');
}
