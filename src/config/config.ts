// Installation settings, read once at start-up from the environment and <data dir>/config.json,
// then passed down explicitly. Nothing else in nghe reads process.env.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { SOURCE_KINDS, type SourceKind } from '../connectors/source-kinds.js';
import type { HttpClientOptions } from '../net/http-client.js';
import {
  type PrivacyFile,
  type PrivacySettings,
  privacyFileSchema,
  resolvePrivacy,
} from '../privacy/privacy-settings.js';
import { type ServerLimits, serverLimits, serverLimitsSchema } from './server-limits.js';

const httpUrl = z.url({
  protocol: /^(https?|wss?)$/,
  error: 'must be an http(s) URL (or ws(s) for a stream)',
});

const fileSchema = z
  .object({
    /** postgres://… selects the PostgreSQL store (server mode); NGHE_DATABASE_URL wins. */
    databaseUrl: z.string().min(1).optional(),
    allowPrivateAddresses: z.boolean().optional(),
    userAgent: z.string().min(1).optional(),
    /** Sources fetched at the same time, across all hosts. */
    collectConcurrency: z.number().int().min(1).max(1000).optional(),
    perHostConcurrency: z.number().int().min(1).max(32).optional(),
    perHostMinIntervalMs: z.number().int().min(0).max(60_000).optional(),
    fetchTimeoutMs: z.number().int().min(1000).max(300_000).optional(),
    maxBodyBytes: z.number().int().min(1024).optional(),
    respectRobots: z.boolean().optional(),
    host: z.string().optional(),
    port: z.number().int().min(0).max(65535).optional(),
    /**
     * Each platform's interface addresses by name, e.g. `{"reddit": {"apiBaseUrl": "…",
     * "tokenUrl": "…"}}`: self-hosted instances, other Jetstream hosts, tests on loopback.
     */
    endpoints: z.partialRecord(z.enum(SOURCE_KINDS), z.record(z.string(), httpUrl)).optional(),
    /** US dollars per quota unit by platform and bucket, e.g. `{"x": {"reads": 0.005}}`. */
    prices: z.record(z.string(), z.record(z.string(), z.number().min(0))).optional(),
    /** Read threads, query budget, request rates and stream caps (config/server-limits.ts). */
    limits: serverLimitsSchema.optional(),
    /** Small-group suppression, retention and working hours (src/privacy). */
    privacy: privacyFileSchema.optional(),
  })
  .strict();

export type ConfigFile = z.infer<typeof fileSchema>;

export interface Config {
  dataDir: string;
  databasePath: string;
  secretPath: string;
  allowPrivateAddresses: boolean;
  userAgent: string;
  collectConcurrency: number;
  perHostConcurrency: number;
  perHostMinIntervalMs: number;
  fetchTimeoutMs: number;
  maxBodyBytes: number;
  respectRobots: boolean;
  host: string;
  port: number;
  endpoints: Partial<Record<SourceKind, Record<string, string>>>;
  /** What a quota unit costs, by platform and bucket, to show beside what was used. */
  prices: Record<string, Record<string, number>>;
  limits: ServerLimits;
  privacy: PrivacySettings;
  /** PostgreSQL URL of the server-mode store; null: the SQLite file at databasePath. */
  databaseUrl: string | null;
}

/** X bills each post read $0.005 (pay-per-use pricing, docs.x.com). */
const DEFAULT_PRICES: Record<string, Record<string, number>> = { x: { reads: 0.005 } };

function privacySettings(file: PrivacyFile | undefined, env: NodeJS.ProcessEnv): PrivacySettings {
  try {
    return resolvePrivacy(file, env);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const TRUE_VALUES = new Set(['1', 'true', 'yes', 'on']);

/** Reads configuration; `env` and `cwd` are parameters so tests need not touch the process. */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): Config {
  const dataDir = resolve(cwd, env.NGHE_DATA_DIR || 'data');
  const configPath = join(dataDir, 'config.json');
  let file: ConfigFile = {};
  if (existsSync(configPath)) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(configPath, 'utf8'));
    } catch (error) {
      throw new ConfigError(`${configPath}: not valid JSON (${(error as Error).message})`);
    }
    const parsed = fileSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ConfigError(
        `${configPath}: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
      );
    }
    file = parsed.data;
  }
  const envAllow = env.NGHE_ALLOW_PRIVATE_ADDRESSES;
  return {
    dataDir,
    databasePath: join(dataDir, 'nghe.sqlite'),
    secretPath: join(dataDir, 'installation.key'),
    allowPrivateAddresses:
      envAllow !== undefined && envAllow !== ''
        ? TRUE_VALUES.has(envAllow.toLowerCase())
        : (file.allowPrivateAddresses ?? false),
    userAgent: file.userAgent ?? 'nghe/0.1 (self-hosted listening; feed reader)',
    collectConcurrency: file.collectConcurrency ?? 16,
    perHostConcurrency: file.perHostConcurrency ?? 2,
    perHostMinIntervalMs: file.perHostMinIntervalMs ?? 1000,
    fetchTimeoutMs: file.fetchTimeoutMs ?? 20_000,
    maxBodyBytes: file.maxBodyBytes ?? 10 * 1024 * 1024,
    respectRobots: file.respectRobots ?? true,
    host: file.host ?? '127.0.0.1',
    port: file.port ?? 8080,
    endpoints: file.endpoints ?? {},
    prices: { ...DEFAULT_PRICES, ...file.prices },
    limits: serverLimits(file.limits),
    privacy: privacySettings(file.privacy, env),
    databaseUrl: env.NGHE_DATABASE_URL || file.databaseUrl || null,
  };
}

/** The HTTP client settings every fetch of this installation uses. */
export function httpClientOptions(config: Config): HttpClientOptions {
  return {
    userAgent: config.userAgent,
    timeoutMs: config.fetchTimeoutMs,
    maxBytes: config.maxBodyBytes,
    allowPrivateAddresses: config.allowPrivateAddresses,
    respectRobots: config.respectRobots,
    perHostConcurrency: config.perHostConcurrency,
    perHostMinIntervalMs: config.perHostMinIntervalMs,
  };
}
