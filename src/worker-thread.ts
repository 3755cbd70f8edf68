// Worker threads started from a module's file, whether it runs compiled (dist/**/*.js) or from
// its TypeScript source under tsx (tests, benchmarks), where the thread must register tsx's
// loader before it can import the module.
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** The module `name` beside `here` (an import.meta.url), with the extension `here` has. */
export function siblingModule(here: string, name: string): URL {
  const url = new URL(here);
  return new URL(`./${name}${url.pathname.endsWith('.ts') ? '.ts' : '.js'}`, url);
}

/** Starts a thread running the module at `url`. */
export function startWorker(url: URL, options: WorkerOptions = {}): Worker {
  return url.pathname.endsWith('.ts')
    ? new Worker(
        `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); });`,
        { ...options, eval: true },
      )
    : new Worker(url, options);
}
