import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, type Worker, workerData } from 'node:worker_threads';
import { startWorker } from '../worker-thread.js';
import {
  type AnalysisInput,
  type AnalysisPipeline,
  type AnalysisResult,
  createAnalysisPipeline,
} from './pipeline.js';

// Splits big batches across worker threads, one pipeline per thread. Small batches stay on the
// calling thread: posting texts to a worker and back costs more than analysing a few hundred.

const ROLE = 'nghe-analysis-worker';

interface Job {
  job: number;
  texts: AnalysisInput[];
  /** Send each result's words back (false: an empty list, which is cheaper to pass). */
  tokens: boolean;
}

type Reply = { job: number; results: AnalysisResult[] } | { job: number; error: string };

export interface WorkerPoolOptions {
  /** Worker threads; defaults to the number of cores. */
  size?: number;
  /** Batches smaller than this run on the calling thread. */
  minParallelBatch?: number;
  /**
   * Every batch, however small and however few the threads, goes to the threads, leaving the
   * calling thread free for other work meanwhile (ingest stores one batch while the next is
   * analysed).
   */
  offThread?: boolean;
  /**
   * Whether results carry the words the analysis saw (`tokens`). Default true; false leaves
   * them empty, so a thread passes back only what is stored (toMentionAnalysis), which costs
   * the receiving thread less to take in.
   */
  tokens?: boolean;
}

export class AnalysisWorkerPool {
  readonly size: number;
  private readonly minParallelBatch: number;
  private readonly offThread: boolean;
  private readonly tokens: boolean;
  private readonly workers: Worker[] = [];
  private readonly waiting = new Map<
    number,
    { resolve: (r: AnalysisResult[]) => void; reject: (e: Error) => void }
  >();
  private nextJob = 0;
  private local: AnalysisPipeline | undefined;

  constructor(options: WorkerPoolOptions = {}) {
    this.size = Math.max(1, options.size ?? availableParallelism());
    this.minParallelBatch = options.minParallelBatch ?? 1000;
    this.offThread = options.offThread ?? false;
    this.tokens = options.tokens ?? true;
  }

  private spawn(): Worker {
    const worker = startWorker(new URL(import.meta.url), { workerData: { role: ROLE } });
    worker.on('message', (reply: Reply) => {
      const waiter = this.waiting.get(reply.job);
      if (!waiter) return;
      this.waiting.delete(reply.job);
      if ('error' in reply) waiter.reject(new Error(reply.error));
      else waiter.resolve(reply.results);
    });
    worker.on('error', (error) => {
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    });
    // A thread that stopped answers nothing: its batches fail, and the next batch starts another.
    worker.on('exit', (code) => {
      const at = this.workers.indexOf(worker);
      if (at >= 0) this.workers.splice(at, 1);
      const stopped = new Error(`the analysis thread stopped (exit code ${code})`);
      for (const waiter of this.waiting.values()) waiter.reject(stopped);
      this.waiting.clear();
    });
    worker.unref();
    return worker;
  }

  private run(worker: Worker, texts: AnalysisInput[]): Promise<AnalysisResult[]> {
    const job = this.nextJob++;
    return new Promise((resolve, reject) => {
      this.waiting.set(job, { resolve, reject });
      worker.ref();
      worker.postMessage({ job, texts, tokens: this.tokens } satisfies Job);
    }).finally(() => {
      if (this.waiting.size === 0) for (const w of this.workers) w.unref();
    }) as Promise<AnalysisResult[]>;
  }

  /** Analyse a batch; results come back in input order. */
  async analyze(texts: readonly AnalysisInput[]): Promise<AnalysisResult[]> {
    if (!this.offThread && (this.size === 1 || texts.length < this.minParallelBatch)) {
      this.local ??= createAnalysisPipeline();
      const results = this.local.analyze(texts);
      if (!this.tokens) for (const r of results) r.tokens = [];
      return results;
    }
    while (this.workers.length < this.size) this.workers.push(this.spawn());
    // An empty batch waits until the first thread has its models loaded.
    if (texts.length === 0) return this.run(this.workers[0]!, []);
    const chunk = Math.ceil(texts.length / this.size);
    const parts: Promise<AnalysisResult[]>[] = [];
    for (let i = 0; i < this.size; i++) {
      const slice = texts.slice(i * chunk, (i + 1) * chunk);
      if (slice.length > 0) parts.push(this.run(this.workers[i]!, slice));
    }
    return (await Promise.all(parts)).flat();
  }

  /** Stop the threads. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
  }
}

// Worker side: the same module, started with the worker role.
if (!isMainThread && parentPort && (workerData as { role?: string } | null)?.role === ROLE) {
  const port = parentPort;
  const pipeline = createAnalysisPipeline();
  port.on('message', (message: Job) => {
    try {
      const results = pipeline.analyze(message.texts);
      if (!message.tokens) for (const r of results) r.tokens = [];
      port.postMessage({ job: message.job, results } satisfies Reply);
    } catch (error) {
      port.postMessage({ job: message.job, error: (error as Error).message } satisfies Reply);
    }
  });
}
