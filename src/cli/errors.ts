/**
 * The error a command throws for a problem in the user's input or usage (never for a bug): its
 * diagnostics are printed and it ends the command with exit code 1 or 2. Kept apart from
 * project.ts so that the file-reading module (files.ts), which project.ts uses, can extend it.
 */
import type { Diagnostic } from '../diagnostics.js';

/** A problem that stops a command, with the exit code it calls for. */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    readonly diagnostics: readonly Diagnostic[],
    /** 1 input, 2 usage, 3 an incomplete installation of report itself (a file it ships is missing). */
    readonly exitCode: 1 | 2 | 3 = 1,
  ) {
    super(diagnostics.map((d) => d.message).join('\n'));
  }
}
