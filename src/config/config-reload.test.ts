import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Config, loadConfig } from './config.js';
import { ConfigReloader, configChanges } from './config-reload.js';

let dir: string;
let env: NodeJS.ProcessEnv;
let lines: string[];
let reloader: ConfigReloader | null;

const write = (body: unknown) =>
  writeFileSync(
    join(dir, 'config.json'),
    typeof body === 'string' ? body : JSON.stringify(body, null, 2),
  );

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nghe-config-reload-'));
  env = { NGHE_DATA_DIR: dir };
  lines = [];
  reloader = null;
});
afterEach(() => {
  reloader?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function start(appliers: ConstructorParameters<typeof ConfigReloader>[0]['appliers']) {
  reloader = new ConfigReloader({
    initial: loadConfig(env),
    appliers,
    read: () => loadConfig(env),
    log: (line) => lines.push(line),
  });
  return reloader;
}

describe('configChanges', () => {
  it('names each changed setting, one level into objects', () => {
    const before = loadConfig(env);
    const after: Config = {
      ...before,
      port: 9090,
      limits: { ...before.limits, requestsPerSecond: 7 },
    };
    expect(configChanges(before, after)).toEqual([
      { key: 'port', from: 8080, to: 9090 },
      { key: 'limits.requestsPerSecond', from: 50, to: 7 },
    ]);
    expect(configChanges(before, { ...before })).toEqual([]);
  });
});

describe('ConfigReloader', () => {
  it('applies what can change live, logs the rest as needing a restart and keeps it', () => {
    write({ allowPrivateAddresses: false, port: 8080 });
    const applied: unknown[] = [];
    const r = start({
      allowPrivateAddresses: (next) => {
        applied.push(next.allowPrivateAddresses);
        return 'for new sources';
      },
      'privacy.minGroupSize': (next) => {
        applied.push(next.privacy.minGroupSize);
      },
    });
    write({ allowPrivateAddresses: true, port: 9090, privacy: { minGroupSize: 7 } });
    const result = r.reload();
    expect(result.error).toBeNull();
    expect(result.applied.map((c) => c.key).sort()).toEqual([
      'allowPrivateAddresses',
      'privacy.minGroupSize',
    ]);
    expect(result.needsRestart).toEqual([{ key: 'port', from: 8080, to: 9090 }]);
    expect(applied).toEqual([true, 7]);
    expect(r.current()).toMatchObject({ allowPrivateAddresses: true, port: 8080 });
    expect(r.current().privacy.minGroupSize).toBe(7);
    expect(lines).toContain(
      'config.json: allowPrivateAddresses false → true, applied (for new sources)',
    );
    expect(lines).toContain('config.json: port 8080 → 9090 takes effect after a restart');

    // The port still differs from what runs: said again on the next reload.
    expect(r.reload().needsRestart.map((c) => c.key)).toEqual(['port']);
  });

  it('keeps the running settings when config.json no longer parses', () => {
    write({ allowPrivateAddresses: true });
    let calls = 0;
    const r = start({
      allowPrivateAddresses: () => {
        calls++;
      },
    });
    write('{"allowPrivateAddresses": fals');
    const result = r.reload();
    expect(result.error).toMatch(/config\.json: not valid JSON/);
    expect(calls).toBe(0);
    expect(r.current().allowPrivateAddresses).toBe(true);
    expect(lines[0]).toMatch(/^config\.json not reloaded, the running settings stay: /);
    write({ limits: { requestsPerSecond: -1 } });
    expect(r.reload().error).toMatch(/limits\.requestsPerSecond/);
  });

  it('notices a changed file by itself, once per burst of writes', async () => {
    write({});
    let applied = 0;
    const r = start({
      allowPrivateAddresses: () => {
        applied++;
      },
    });
    r.start(dir, 100);
    write({ allowPrivateAddresses: true });
    write({ allowPrivateAddresses: true, userAgent: 'x' });
    await new Promise((done) => setTimeout(done, 600));
    expect(applied).toBe(1);
    expect(r.current().allowPrivateAddresses).toBe(true);
    expect(lines.filter((l) => l.includes('userAgent'))).toHaveLength(1);
  });
});
