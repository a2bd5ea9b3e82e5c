/**
 * Writes DOCX files on a second thread when the bundled worker is there (dist/docx-worker.cjs),
 * and on the main thread otherwise (e.g. when running from the TypeScript sources).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Doc } from '../document/types.js';
import type { DocxAnswer } from './docx-worker.js';

/** Set by the bundler: the CLI runs from dist/report.cjs. */
declare const __REPORT_BUNDLE__: boolean | undefined;

/** A DOCX writer that may run beside the main thread. */
export interface DocxWriter {
  /**
   * Starts the thread now (it loads the DOCX library meanwhile) instead of at the first write. An
   * idle thread never keeps the process alive: only a write in progress does.
   */
  start(): void;
  write(doc: Doc, date: Date): Promise<Uint8Array>;
  close(): Promise<void>;
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
      write: async (doc, date) => (await import('../render/docx/index.js')).toDocx(doc, { modified: date }),
      close: async () => {},
    };
  }
  let worker: Worker | null = null;
  let next = 0;
  const pending = new Map<number, { resolve: (b: Uint8Array) => void; reject: (e: Error) => void }>();
  // The thread holds the process open only while it has work (ref), never while idle (unref).
  const idle = (w: Worker) => {
    if (pending.size === 0) w.unref();
  };
  const start = () => {
    const w = new Worker(file);
    w.on('message', (a: DocxAnswer) => {
      const p = pending.get(a.id);
      pending.delete(a.id);
      idle(w);
      if (!p) return;
      if ('bytes' in a) p.resolve(new Uint8Array(a.bytes));
      else p.reject(Object.assign(new Error(a.error), { stack: a.stack }));
    });
    w.on('error', (e) => {
      for (const p of pending.values()) p.reject(e);
      pending.clear();
    });
    w.unref(); // after the listeners: adding a 'message' listener holds the thread again
    return w;
  };
  return {
    start() {
      worker ??= start();
    },
    write(doc, date) {
      worker ??= start();
      const id = next++;
      return new Promise((resolve, reject) => {
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
