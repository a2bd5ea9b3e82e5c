/**
 * The DOCX writer in a worker thread, so that on a machine with two cores the DOCX of a year is
 * written while the main thread typesets its PDF. Bundled as dist/docx-worker.cjs.
 */
import { parentPort } from 'node:worker_threads';
import type { Doc } from '../document/types.js';
import { prepareWordSegmenter } from '../layout/line-break.js';
import { toDocx } from '../render/docx/index.js';

/** A job: write `doc` as DOCX stamped with `date` (ms since the epoch). */
export interface DocxJob {
  readonly id: number;
  readonly doc: Doc;
  readonly date: number;
}

/**
 * Asks the thread to prepare the word segmenter of the line breaker while it is idle: ICU keeps
 * its dictionaries for the whole process, so the main thread's PDF layout then finds them ready.
 */
export interface PrepareLineBreaking {
  readonly prepare: 'line-breaking';
}

/** The answer: the bytes, or the error's message and stack. */
export type DocxAnswer = { readonly id: number; readonly bytes: Uint8Array } | { readonly id: number; readonly error: string; readonly stack?: string };

let afterFirstJob: (() => void) | undefined;

/**
 * Calls `callback` once, after the first document has been written: bin/code-cache.cjs then saves
 * the code cache of this bundle, holding what writing a document compiles.
 */
export function whenWarm(callback: () => void): void {
  afterFirstJob = callback;
}

parentPort?.on('message', (job: DocxJob | PrepareLineBreaking) => {
  if ('prepare' in job) {
    prepareWordSegmenter();
    return;
  }
  toDocx(job.doc, { modified: new Date(job.date) }).then(
    (bytes) => parentPort!.postMessage({ id: job.id, bytes } satisfies DocxAnswer, [bytes.buffer as ArrayBuffer]),
    (e: unknown) =>
      parentPort!.postMessage({ id: job.id, error: e instanceof Error ? e.message : String(e), ...(e instanceof Error && e.stack ? { stack: e.stack } : {}) } satisfies DocxAnswer),
  );
  const callback = afterFirstJob;
  afterFirstJob = undefined;
  callback?.();
});
