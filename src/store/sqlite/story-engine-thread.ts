// Story assignment's tracker on a thread of its own, called synchronously from the writer's
// transaction: the writer sends a batch's texts, stores the batch's places, snapshots and
// roll-ups meanwhile, then blocks until the stories come back and writes them before it
// commits. Replies come in call order through a port read with receiveMessageOnPort; a
// shared counter, raised after each reply, is what the writer sleeps on.
import {
  isMainThread,
  MessageChannel,
  type MessagePort,
  receiveMessageOnPort,
  type Worker,
  workerData,
} from 'node:worker_threads';
import { startWorker } from '../../worker-thread.js';
import { type EngineCall, type EngineReply, StoryEngine } from './story-engine.js';

const ROLE = 'nghe-story-engine';
/** A call unanswered this long means the thread is stuck or gone. */
const CALL_TIMEOUT_MS = 300_000;

interface ThreadData {
  role: typeof ROLE;
  port: MessagePort;
  signal: Int32Array;
}

type ThreadReply = EngineReply | { op: 'error'; message: string };

/** The calls an assigner makes, answered in order: by a thread or on the calling thread. */
export interface EngineClient {
  /** Whether calls run on another thread (while the caller goes on). */
  readonly threaded: boolean;
  /** Makes a call; `take` returns its reply. */
  send(call: EngineCall): void;
  /** The reply to the oldest call not taken yet (throws the error the call raised). */
  take(): EngineReply;
  close(): void;
}

/** The engine on the calling thread: a call runs when its reply is taken. */
export class LocalEngine implements EngineClient {
  readonly threaded = false;
  private readonly engine = new StoryEngine();
  private readonly calls: EngineCall[] = [];

  send(call: EngineCall): void {
    this.calls.push(call);
  }

  take(): EngineReply {
    const call = this.calls.shift();
    if (call === undefined) throw new Error('no story engine call to answer');
    return this.engine.handle(call);
  }

  close(): void {
    this.calls.length = 0;
  }
}

export class ThreadEngine implements EngineClient {
  readonly threaded = true;
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));
  private waiting = 0;

  constructor() {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = startWorker(new URL(import.meta.url), {
      workerData: { role: ROLE, port: port2, signal: this.signal },
      transferList: [port2],
    });
    // Replies are read synchronously; neither the thread nor its port keeps the process alive.
    this.worker.unref();
    this.port.unref();
    // A thread that fails is noticed by the call waiting on it (its thread id turns -1).
    this.worker.on('error', () => {});
  }

  send(call: EngineCall): void {
    this.port.postMessage(call);
    this.waiting++;
  }

  take(): EngineReply {
    if (this.waiting === 0) throw new Error('no story engine call to answer');
    const deadline = performance.now() + CALL_TIMEOUT_MS;
    for (;;) {
      // Read the counter before looking for the reply: a reply posted after the look raises
      // the counter after this read, so the wait below returns.
      const seen = Atomics.load(this.signal, 0);
      const received = receiveMessageOnPort(this.port);
      if (received !== undefined) {
        this.waiting--;
        const reply = received.message as ThreadReply;
        if (reply.op === 'error') throw new Error(`story assignment failed: ${reply.message}`);
        return reply;
      }
      if (this.worker.threadId < 0) throw new Error('the story assignment thread stopped');
      if (performance.now() > deadline) throw new Error('the story assignment thread is stuck');
      Atomics.wait(this.signal, 0, seen, 1000);
    }
  }

  close(): void {
    this.port.close();
    void this.worker.terminate();
  }
}

if (!isMainThread && (workerData as ThreadData | null)?.role === ROLE) {
  const { port, signal } = workerData as ThreadData;
  const engine = new StoryEngine();
  port.on('message', (call: EngineCall) => {
    let reply: ThreadReply;
    try {
      reply = engine.handle(call);
    } catch (error) {
      reply = { op: 'error', message: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(reply);
    Atomics.add(signal, 0, 1);
    Atomics.notify(signal, 0);
  });
}
