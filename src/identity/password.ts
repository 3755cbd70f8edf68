// Password hashing: Argon2id (RFC 9106) through @node-rs/argon2. Parameters are OWASP's
// Password Storage Cheat Sheet first choice for Argon2id: 19 MiB of memory, 2 passes, 1 lane,
// which took 31-38 ms a hash here (median of 10: 38 ms, on a busy 2-core machine). A stored
// hash carries its parameters (PHC string), so older hashes still verify and are re-hashed at
// the next sign-in.
import { Algorithm, hash, verify } from '@node-rs/argon2';

export const PASSWORD_HASH_PARAMETERS = {
  algorithm: Algorithm.Argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
  outputLen: 32,
} as const;

export const MIN_PASSWORD_LENGTH = 12;
const MAX_PASSWORD_LENGTH = 1024;

export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return `password: at least ${MIN_PASSWORD_LENGTH} characters`;
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    return `password: at most ${MAX_PASSWORD_LENGTH} characters`;
  }
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, PASSWORD_HASH_PARAMETERS);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** Whether a stored hash was made with other parameters than today's. */
export function needsRehash(stored: string): boolean {
  const p = PASSWORD_HASH_PARAMETERS;
  return !stored.startsWith(`$argon2id$v=19$m=${p.memoryCost},t=${p.timeCost},p=${p.parallelism}$`);
}

let dummy: Promise<string> | undefined;

/**
 * Verify against a throw-away hash, so a sign-in for an unknown or disabled account costs as
 * long as one for a real account and its timing does not tell which names exist.
 */
export async function spendVerifyTime(password: string): Promise<void> {
  dummy ??= hashPassword('nghe-dummy-password-for-timing');
  await verifyPassword(await dummy, password);
}
