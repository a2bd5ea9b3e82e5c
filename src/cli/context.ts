/**
 * What a command gets from the outside world: where it runs, the environment, and how to print.
 * Commands print through this object and never call `process.exit`; `main` turns the outcome into
 * the exit code.
 */
import type { Diagnostic } from '../diagnostics.js';
import type { Project } from './project.js';

/** The command-line context shared by all commands. */
export interface CliContext {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Prints a line of results (stdout). */
  stdout(line: string): void;
  /** Prints a line of messages (stderr). */
  stderr(line: string): void;
  /** The project found from the working folder (loaded once, on first use). */
  project(): Project;
  /** Prints warnings (or errors) without ending the command. */
  report(diagnostics: readonly Diagnostic[]): void;
  /** `--json`: print machine-readable output instead of text. */
  json: boolean;
  /** `--quiet`: print nothing on success. */
  quiet: boolean;
  /** The exit code the command asks for (0 unless it sets one). */
  exitCode: number;
}
