// A running server re-reads config.json when the file changes (watched, debounced) or on
// SIGHUP, applies the settings its parts can take live and logs the rest as needing a restart.
// A file that no longer parses is reported and the running settings are kept.
import { type FSWatcher, watch } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { type Config, loadConfig } from './config.js';

/** A setting that changed, as a dotted path, with its old and new value. */
export interface ConfigChange {
  key: string;
  from: unknown;
  to: unknown;
}

/**
 * Applies a changed setting to the running parts; registered per top-level or dotted key.
 * May return what it could not reach, said with the change in the log.
 */
// biome-ignore lint/suspicious/noConfusingVoidType: an applier without a note returns nothing
export type ConfigApplier = (next: Config, change: ConfigChange) => string | undefined | void;

export interface ReloadResult {
  applied: (ConfigChange & { note?: string })[];
  needsRestart: ConfigChange[];
  /** Set when config.json could not be read; nothing changed. */
  error: string | null;
}

/** Settings that changed between two configurations, one level into objects. */
export function configChanges(before: Config, after: Config): ConfigChange[] {
  const changes: ConfigChange[] = [];
  for (const key of Object.keys(after) as (keyof Config)[]) {
    const from: unknown = before[key];
    const to: unknown = after[key];
    if (isDeepStrictEqual(from, to)) continue;
    const plain = (v: unknown): v is Record<string, unknown> =>
      typeof v === 'object' && v !== null && !Array.isArray(v);
    if (plain(from) && plain(to)) {
      for (const sub of new Set([...Object.keys(from), ...Object.keys(to)])) {
        if (!isDeepStrictEqual(from[sub], to[sub])) {
          changes.push({ key: `${key}.${sub}`, from: from[sub], to: to[sub] });
        }
      }
    } else {
      changes.push({ key, from, to });
    }
  }
  return changes;
}

export interface ConfigReloaderOptions {
  initial: Config;
  /** Appliers by setting: a top-level key (`allowPrivateAddresses`) or a dotted one. */
  appliers: Record<string, ConfigApplier>;
  read?: () => Config;
  log?: (line: string) => void;
}

/** Puts a change that was not applied back to its running value in `kept`. */
function keepRunning(kept: Partial<Config>, next: Config, change: ConfigChange): void {
  const [top, sub] = change.key.split('.') as [keyof Config, string | undefined];
  const slot = kept as Record<string, unknown>;
  if (sub === undefined) {
    slot[top] = change.from;
    return;
  }
  const base = (slot[top] ?? next[top]) as Record<string, unknown>;
  const copy = { ...base };
  if (change.from === undefined) delete copy[sub];
  else copy[sub] = change.from;
  slot[top] = copy;
}

const show = (value: unknown) => (value === undefined ? '(unset)' : JSON.stringify(value));

export class ConfigReloader {
  private config: Config;
  private readonly read: () => Config;
  private readonly log: (line: string) => void;
  private watcher: FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly onHangUp = () => this.reload();

  constructor(private readonly options: ConfigReloaderOptions) {
    this.config = options.initial;
    this.read = options.read ?? (() => loadConfig());
    this.log = options.log ?? ((line) => console.log(line));
  }

  /** The settings in force. */
  current(): Config {
    return this.config;
  }

  /** Reads config.json again, applies what can change live and logs every change. */
  reload(): ReloadResult {
    let next: Config;
    try {
      next = this.read();
    } catch (error) {
      const message = (error as Error).message;
      this.log(`config.json not reloaded, the running settings stay: ${message}`);
      return { applied: [], needsRestart: [], error: message };
    }
    const result: ReloadResult = { applied: [], needsRestart: [], error: null };
    const kept: Partial<Config> = {};
    for (const change of configChanges(this.config, next)) {
      const top = change.key.split('.')[0] as keyof Config;
      const apply = this.options.appliers[change.key] ?? this.options.appliers[top];
      if (apply) {
        try {
          const note = apply(next, change);
          result.applied.push(note ? { ...change, note } : change);
          continue;
        } catch (error) {
          this.log(`config.json: ${change.key} not applied: ${(error as Error).message}`);
        }
      }
      result.needsRestart.push(change);
      keepRunning(kept, next, change);
    }
    // What needs a restart stays as it runs, so the next reload reports it again.
    this.config = { ...next, ...kept };
    for (const c of result.applied) {
      const note = c.note ? ` (${c.note})` : '';
      this.log(`config.json: ${c.key} ${show(c.from)} → ${show(c.to)}, applied${note}`);
    }
    for (const c of result.needsRestart) {
      this.log(
        `config.json: ${c.key} ${show(c.from)} → ${show(c.to)} takes effect after a restart`,
      );
    }
    return result;
  }

  /** Watches the data folder's config.json (editors replace the file) and SIGHUP. */
  start(dataDir: string, debounceMs = 500): void {
    this.stop();
    this.watcher = watch(dataDir, (_event, name) => {
      if (name !== null && name !== 'config.json') return;
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => {
        this.timer = null;
        this.reload();
      }, debounceMs);
      this.timer.unref();
    });
    this.watcher.unref();
    process.on('SIGHUP', this.onHangUp);
  }

  stop(): void {
    this.watcher?.close();
    this.watcher = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    process.off('SIGHUP', this.onHangUp);
  }
}
