/**
 * Running `report watch` in tests: the process, its output as it comes, and bounded waits driven by
 * that output or by the files it writes (never a fixed sleep). Call {@link stopWatchers} after each
 * test, so that no watcher outlives it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { BIN } from './cli.js';

const running: ChildProcess[] = [];

/** Kills every watcher started since the last call that is still running. */
export function stopWatchers(): void {
  for (const c of running.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
}

/**
 * Starts `report watch …` in `dir`. Returns the child, its output so far (`io.out`, `io.err`), its
 * exit code once it exits, `waitFor(test, what)` (resolves when `test` holds, checked every 20 ms;
 * fails after 20 s with `what` and the output) and `count(needle)` (occurrences in stdout).
 */
export function startWatch(dir: string, ...args: string[]) {
  const child = spawn(process.execPath, [BIN, 'watch', ...args], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
  running.push(child);
  const io = { out: '', err: '' };
  child.stdout.on('data', (d: Buffer) => (io.out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (io.err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = (test: () => boolean, what: string) =>
    new Promise<void>((resolve, reject) => {
      const poll = setInterval(() => {
        if (!test()) return;
        clearInterval(poll);
        clearTimeout(timer);
        resolve();
      }, 20);
      const timer = setTimeout(() => {
        clearInterval(poll);
        reject(new Error(`timed out waiting for ${what}\nstdout:\n${io.out}\nstderr:\n${io.err}`));
      }, 20_000);
    });
  const count = (needle: string) => io.out.split(needle).length - 1;
  return { child, io, exited, waitFor, count };
}
