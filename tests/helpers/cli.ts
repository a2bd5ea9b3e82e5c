/**
 * Runs the real `report` command (the built `bin/report.js`) in a temporary copy of the sample
 * project, as a user would.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO = fileURLToPath(new URL('../../', import.meta.url));
/** The CLI entry point. */
export const BIN = path.join(REPO, 'bin', 'report.js');

/** The invented 2023 data of the 同比 example (examples/瓦房镇-同比示例): never part of the sample itself. */
export const INVENTED_2023 = path.join(REPO, 'examples', '瓦房镇-同比示例', 'data', '2023.yaml');

/**
 * Copies the sample project (config, data model, data, templates) into a new temporary folder. By
 * default the invented 2023 year of examples/瓦房镇-同比示例 is added to its data folder, for the
 * tests of 同比, `report diff` and previous-year inputs; `{ previous: false }` copies the sample as
 * it is in the repository (2024 only).
 */
export function copySample(opts: { previous?: boolean } = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'report-test-'));
  for (const entry of ['report.yaml', 'model.yaml', 'data', 'templates']) {
    cpSync(path.join(REPO, entry), path.join(dir, entry), { recursive: true });
  }
  if (opts.previous !== false) cpSync(INVENTED_2023, path.join(dir, 'data', '2023.yaml'));
  return dir;
}

/** The outcome of one run. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `report ...args` in `cwd`. */
export function runCli(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): CliRun {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Runs `report ...args` in `cwd` without blocking the test worker (a long synchronous run keeps
 * vitest's worker from answering its runner).
 */
export function runCliAsync(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}
