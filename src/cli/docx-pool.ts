/**
 * Writes DOCX files on a second thread when the bundled worker is there (dist/docx-worker.cjs),
 * and on the main thread otherwise (e.g. when running from the TypeScript sources).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { Doc } from '../document/types.js';
import type { DocxAnswer, PrepareLineBreaking } from './docx-worker.js';

/** Set by the bundler: the CLI runs from dist/report.cjs. */
declare const __REPORT_BUNDLE__: boolean | undefined;

/** A DOCX writer that may run beside the main thread. */
export interface DocxWriter {
  /**
   * Starts the thread now (it loads the DOCX library meanwhile) instead of at the first write. An
   * idle thread never keeps the process alive: only a write in progress does.
   */
  start(): void;
  /**
   * Has the thread (when there is one) prepare the line breaker's word segmenter while idle, for
   * this thread's PDF layout (see docx-worker.ts). Starts the thread when it was not.
   */
  prepareLineBreaking(): void;
  write(doc: Doc, date: Date): Promise<Uint8Array>;
  close(): Promise<void>;
}

/**
 * A DOCX thread started by the launcher (bin/report.js) before the CLI was loaded, with the first
 * error it reported while nobody listened yet.
 */
export interface EarlyDocxThread {
  readonly worker: Worker;
  readonly error: Error | null;
}

let early: EarlyDocxThread | undefined;
let starter: (() => Worker) | undefined;

/**
 * Hands the launcher's early DOCX thread to the next {@link openDocxWriter} (once), and how the
 * launcher starts one (through its code cache) for the writers opened later.
 */
export function adoptDocxThread(thread: EarlyDocxThread | undefined, start?: () => Worker): void {
  early = thread;
  starter = start;
}

/** The worker file next to the bundle, when running bundled. */
function workerFile(): string | null {
  if (typeof __REPORT_BUNDLE__ === 'undefined' || !__REPORT_BUNDLE__) return null;
  const file = path.join(__dirname, 'docx-worker.cjs');
  return existsSync(file) ? file : null;
}

/** Opens a DOCX writer (a worker thread, started on first use). */
export function openDocxWriter(): DocxWriter {
  const file = workerFile();
  if (!file) {
    return {
      start: () => {},
      prepareLineBreaking: () => {},
      write: async (doc, date) => (await import('../render/docx/index.js')).toDocx(doc, { modified: date }),
      close: async () => {},
    };
  }
  let worker: (Worker & { failed(): Error | null }) | null = null;
  let next = 0;
  const pending = new Map<number, { resolve: (b: Uint8Array) => void; reject: (e: Error) => void }>();
  // The thread holds the process open only while it has work (ref), never while idle (unref).
  const idle = (w: Worker) => {
    if (pending.size === 0) w.unref();
  };
  const start = () => {
    const adopted = early;
    early = undefined;
    const w = adopted?.worker ?? starter?.() ?? new (process.getBuiltinModule('node:worker_threads').Worker)(file);
    w.on('message', (a: DocxAnswer) => {
      const p = pending.get(a.id);
      pending.delete(a.id);
      idle(w);
      if (!p) return;
      if ('bytes' in a) p.resolve(new Uint8Array(a.bytes));
      else p.reject(Object.assign(new Error(a.error), { stack: a.stack }));
    });
    let failed: Error | null = adopted?.error ?? null;
    w.on('error', (e) => {
      failed ??= e;
      for (const p of pending.values()) p.reject(e);
      pending.clear();
    });
    w.unref(); // after the listeners: adding a 'message' listener holds the thread again
    return Object.assign(w, { failed: () => failed });
  };
  return {
    start() {
      worker ??= start();
    },
    prepareLineBreaking() {
      worker ??= start();
      worker.postMessage({ prepare: 'line-breaking' } satisfies PrepareLineBreaking);
    },
    write(doc, date) {
      worker ??= start();
      const id = next++;
      return new Promise((resolve, reject) => {
        const failed = worker!.failed();
        if (failed) {
          reject(failed);
          return;
        }
        pending.set(id, { resolve, reject });
        worker!.ref();
        worker!.postMessage({ id, doc, date: date.getTime() });
      });
    },
    async close() {
      if (worker) await worker.terminate();
      worker = null;
    },
  };
}
