import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { principalOfToken } from '../http/token-auth.js';
import { verifyPassword } from '../identity/password.js';
import { identityStoreOf } from '../store/sqlite/identity-store.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import { registerTokensCommand } from './tokens-command.js';
import { registerUnitsCommand } from './units-command.js';
import { registerAdminCommand, registerUsersCommand } from './users-command.js';

let dir: string;
let printed: string[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nghe-users-cli-'));
  vi.stubEnv('NGHE_DATA_DIR', dir);
  printed = [];
  vi.spyOn(console, 'log').mockImplementation((line: string) => void printed.push(line));
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

async function nghe(...args: string[]): Promise<void> {
  const program = new Command('nghe').exitOverride();
  registerUsersCommand(program);
  registerAdminCommand(program);
  registerUnitsCommand(program);
  registerTokensCommand(program);
  await program.parseAsync(['node', 'nghe', ...args]);
}

async function inStore<T>(run: (store: ReturnType<typeof openSqliteStore>) => Promise<T> | T) {
  const store = openSqliteStore(join(dir, 'nghe.sqlite'));
  try {
    return await run(store);
  } finally {
    await store.close();
  }
}

describe('users, units, admin and tokens commands', () => {
  it('creates the first administrator once, with a generated password printed last', async () => {
    await nghe('admin', 'create', '--username', 'quan-tri', '--email', 'qt@example.org');
    const password = printed.at(-1)!;
    expect(password).toMatch(/^[\w-]{24}$/);
    await inStore(async (store) => {
      const identity = identityStoreOf(store.db);
      const admin = (await identity.findUserByUsername('quan-tri'))!;
      expect(admin).toMatchObject({ role: 'admin', unitId: (await identity.rootUnit()).id });
      expect(await verifyPassword((await identity.passwordHashOf(admin.id))!, password)).toBe(true);
    });
    await expect(nghe('admin', 'create', '--username', 'second')).rejects.toThrow(
      /an administrator exists already/,
    );
  });

  it('adds units with checked places and sectors, users in them, disables and resets them', async () => {
    await nghe(
      'units',
      'add',
      '--name',
      'Phường Thủ Dầu Một',
      '--kind',
      'ward',
      '--places',
      '25747',
      '--sectors',
      'flooding,traffic',
      '--functions',
      'theo dõi ngập; giao thông',
    );
    await expect(
      nghe('units', 'add', '--name', 'X', '--kind', 'ward', '--places', 'ward:99999'),
    ).rejects.toThrow(/no ward with code 99999/);
    await expect(
      nghe('units', 'add', '--name', 'X', '--kind', 'ward', '--sectors', 'weather'),
    ).rejects.toThrow(/sector weather: not one of/);
    await nghe('units', 'list');
    expect(printed.at(-1)).toMatch(/#2\tPhường Thủ Dầu Một\tward\tward:25747\tflooding,traffic/);

    await nghe('users', 'add', '--username', 'lan', '--role', 'analyst', '--unit', '2');
    const first = printed.at(-1)!;
    await expect(nghe('users', 'add', '--username', 'lan', '--role', 'viewer')).rejects.toThrow(
      /taken/,
    );
    await expect(nghe('users', 'add', '--username', 'x', '--role', 'boss')).rejects.toThrow(
      /--role/,
    );
    await nghe('users', 'disable', 'lan');
    await nghe('users', 'reset-password', 'lan');
    const second = printed.at(-1)!;
    await inStore(async (store) => {
      const identity = identityStoreOf(store.db);
      const lan = (await identity.findUserByUsername('lan'))!;
      expect(lan.disabledAt).not.toBeNull();
      expect(await verifyPassword((await identity.passwordHashOf(lan.id))!, first)).toBe(false);
      expect(await verifyPassword((await identity.passwordHashOf(lan.id))!, second)).toBe(true);
      const actions = (await store.listAudit({ limit: 10 })).map((e) => e.action);
      expect(actions).toEqual(expect.arrayContaining(['createUnit', 'createUser', 'updateUser']));
    });
  });

  it('keeps `tokens create --name` working, and gives tokens an owner, scopes and an expiry', async () => {
    await nghe('tokens', 'create', '--name', 'me');
    const legacy = printed.at(-1)!;
    await nghe('users', 'add', '--username', 'mai', '--role', 'viewer');
    await nghe(
      'tokens',
      'create',
      '--name',
      'ci',
      '--user',
      'mai',
      '--scopes',
      'read',
      '--expires-days',
      '7',
    );
    const own = printed.at(-1)!;
    await expect(nghe('tokens', 'create', '--name', 'ci')).rejects.toThrow(/already named ci/);
    await expect(nghe('tokens', 'create', '--name', 'z', '--scopes', 'root')).rejects.toThrow(
      /unknown scope root/,
    );
    await inStore(async (store) => {
      const identity = identityStoreOf(store.db);
      const now = new Date();
      expect(await principalOfToken(identity, legacy, now)).toMatchObject({
        actor: 'me',
        user: { builtin: true, role: 'admin' },
      });
      const mai = (await principalOfToken(identity, own, now))!;
      expect(mai.actor).toBe('mai/ci');
      expect([...mai.capabilities]).toEqual(['read']);
      expect(
        await principalOfToken(identity, own, new Date(Date.now() + 8 * 86_400_000)),
      ).toBeNull();
    });
    await nghe('tokens', 'list');
    expect(printed.at(-1)).toMatch(/\tci\tmai\tread\tactive until /);
  });
});
