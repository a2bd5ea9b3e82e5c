/** Font discovery: placeholder until the font module lands. */
import type { Result } from '../diagnostics.js';
import type { FontSet } from '../fonts/types.js';
import type { ConfiguredFonts } from './project.js';

/** Resolves the PDF fonts for every role. */
export async function resolveFonts(_configured: ConfiguredFonts, _root: string): Promise<Result<FontSet>> {
  throw new Error('font discovery not merged yet');
}

/** One line per role: which font serves it and why. */
export function describeFonts(_fonts: FontSet): string[] {
  return [];
}
