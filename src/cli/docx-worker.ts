/**
 * The DOCX writer in a worker thread, so that on a machine with two cores the DOCX of a year is
 * written while the main thread typesets its PDF. Bundled as dist/docx-worker.cjs.
 */
import { parentPort } from 'node:worker_threads';
import type { Doc } from '../document/types.js';
import { toDocx } from '../render/docx/index.js';

/** A job: write `doc` as DOCX stamped with `date` (ms since the epoch). */
export interface DocxJob {
  readonly id: number;
  readonly doc: Doc;
  readonly date: number;
}

/** The answer: the bytes, or the error's message and stack. */
export type DocxAnswer = { readonly id: number; readonly bytes: Uint8Array } | { readonly id: number; readonly error: string; readonly stack?: string };

parentPort?.on('message', (job: DocxJob) => {
  toDocx(job.doc, { modified: new Date(job.date) }).then(
    (bytes) => parentPort!.postMessage({ id: job.id, bytes } satisfies DocxAnswer, [bytes.buffer as ArrayBuffer]),
    (e: unknown) =>
      parentPort!.postMessage({ id: job.id, error: e instanceof Error ? e.message : String(e), ...(e instanceof Error && e.stack ? { stack: e.stack } : {}) } satisfies DocxAnswer),
  );
});
