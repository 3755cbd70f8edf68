import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'nghe-config-'));
}

describe('loadConfig', () => {
  it('defaults to ./data under the working directory and refuses private addresses', () => {
    const cwd = tempDir();
    const config = loadConfig({}, cwd);
    expect(config.dataDir).toBe(join(cwd, 'data'));
    expect(config.databasePath).toBe(join(cwd, 'data', 'nghe.sqlite'));
    expect(config.allowPrivateAddresses).toBe(false);
    expect(config.port).toBe(8080);
    expect(config.host).toBe('127.0.0.1');
  });

  it('honours NGHE_DATA_DIR and NGHE_ALLOW_PRIVATE_ADDRESSES', () => {
    const cwd = tempDir();
    const config = loadConfig(
      { NGHE_DATA_DIR: 'elsewhere', NGHE_ALLOW_PRIVATE_ADDRESSES: '1' },
      cwd,
    );
    expect(config.dataDir).toBe(join(cwd, 'elsewhere'));
    expect(config.allowPrivateAddresses).toBe(true);
  });

  it('reads config.json from the data directory, the environment winning', () => {
    const dataDir = tempDir();
    writeFileSync(
      join(dataDir, 'config.json'),
      JSON.stringify({ allowPrivateAddresses: true, port: 9000, collectConcurrency: 4 }),
    );
    expect(loadConfig({ NGHE_DATA_DIR: dataDir }).allowPrivateAddresses).toBe(true);
    expect(loadConfig({ NGHE_DATA_DIR: dataDir }).port).toBe(9000);
    expect(
      loadConfig({ NGHE_DATA_DIR: dataDir, NGHE_ALLOW_PRIVATE_ADDRESSES: '0' })
        .allowPrivateAddresses,
    ).toBe(false);
  });

  it('names the file and the field when config.json is wrong', () => {
    const dataDir = tempDir();
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ port: 'eighty' }));
    expect(() => loadConfig({ NGHE_DATA_DIR: dataDir })).toThrow(/config\.json: port/);
    writeFileSync(join(dataDir, 'config.json'), '{ not json');
    expect(() => loadConfig({ NGHE_DATA_DIR: dataDir })).toThrow(ConfigError);
    writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ colectConcurrency: 3 }));
    expect(() => loadConfig({ NGHE_DATA_DIR: dataDir })).toThrow(/colectConcurrency|Unrecognized/);
  });

  it('prices X post reads at $0.005 unless config.json says otherwise', () => {
    const dataDir = tempDir();
    expect(loadConfig({ NGHE_DATA_DIR: dataDir }).prices).toEqual({ x: { reads: 0.005 } });
    writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ prices: { x: { reads: 0.01 } } }));
    expect(loadConfig({ NGHE_DATA_DIR: dataDir }).prices.x).toEqual({ reads: 0.01 });
    writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ prices: { x: { reads: -1 } } }));
    expect(() => loadConfig({ NGHE_DATA_DIR: dataDir })).toThrow(/prices/);
  });

  it('reads platform endpoint overrides, refusing unknown kinds and non-http addresses', () => {
    const dataDir = tempDir();
    const write = (value: unknown) =>
      writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ endpoints: value }));
    write({ reddit: { apiBaseUrl: 'http://127.0.0.1:9/api', tokenUrl: 'http://127.0.0.1:9/t' } });
    expect(loadConfig({ NGHE_DATA_DIR: dataDir }).endpoints).toEqual({
      reddit: { apiBaseUrl: 'http://127.0.0.1:9/api', tokenUrl: 'http://127.0.0.1:9/t' },
    });
    expect(loadConfig({ NGHE_DATA_DIR: tempDir() }).endpoints).toEqual({});
    write({ myspace: { apiBaseUrl: 'https://a.example/' } });
    expect(() => loadConfig({ NGHE_DATA_DIR: dataDir })).toThrow(/endpoints/);
    write({ youtube: { apiBaseUrl: 'file:///etc/passwd' } });
    expect(() => loadConfig({ NGHE_DATA_DIR: dataDir })).toThrow(
      /endpoints\.youtube\.apiBaseUrl: must be an http\(s\) URL/,
    );
  });
});
