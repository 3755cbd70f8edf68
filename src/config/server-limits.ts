// What one server allows its clients, and the read pool's shape: the `limits` object of
// config.json, every key optional.
import { z } from 'zod';

export const serverLimitsSchema = z
  .object({
    /** Worker threads (read-only connections) serving searches and analytics. */
    readThreads: z.number().int().min(1).max(64),
    /** Longest one read may take, queueing included; past it the API answers 503. */
    queryBudgetMs: z.number().int().min(100).max(600_000),
    /** Sustained requests a second per token, and the burst a token may spend at once. */
    requestsPerSecond: z.number().min(0.1).max(1_000_000),
    requestBurst: z.number().int().min(1).max(1_000_000),
    /** Event streams open at once per token, and in all. */
    streamsPerToken: z.number().int().min(1).max(100_000),
    streamsTotal: z.number().int().min(1).max(1_000_000),
    /** A stream client with more than this many bytes waiting to be sent is dropped. */
    streamQueueBytes: z
      .number()
      .int()
      .min(1024)
      .max(1 << 30),
  })
  .partial()
  .strict();

export type ServerLimits = Required<z.infer<typeof serverLimitsSchema>>;

export const DEFAULT_SERVER_LIMITS: ServerLimits = {
  readThreads: 2,
  queryBudgetMs: 5000,
  requestsPerSecond: 50,
  requestBurst: 200,
  streamsPerToken: 20,
  streamsTotal: 1000,
  streamQueueBytes: 1 << 20,
};

export function serverLimits(partial: Partial<ServerLimits> = {}): ServerLimits {
  return { ...DEFAULT_SERVER_LIMITS, ...partial };
}
