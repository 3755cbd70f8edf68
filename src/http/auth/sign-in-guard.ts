// Brute-force defence for password sign-in, three ways:
//  - per address: at most `perAddress` attempts in a sliding window, whatever the names tried;
//  - per account name: at most `perAccount` failures in the window, known names or not, so
//    the answer does not tell which names exist;
//  - lockout: `lockAfter` failures in a row lock a real account for `lockMs`, kept in the store
//    so a restart or a second server process does not reset it.
// The in-memory windows are per process; the lockout is what holds across processes.
export interface SignInLimits {
  windowMs: number;
  perAddress: number;
  perAccount: number;
  lockAfter: number;
  lockMs: number;
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = {
  windowMs: 15 * 60_000,
  perAddress: 30,
  perAccount: 10,
  lockAfter: 5,
  lockMs: 15 * 60_000,
};

/** Keys tracked at most; the oldest are forgotten first (a flood cannot exhaust memory). */
const MAX_KEYS = 10_000;

export interface SignInGuard {
  readonly limits: SignInLimits;
  /** Seconds to wait when this attempt may not be made now; null when it may. */
  retryAfter(address: string, account: string, now: number): number | null;
  attempted(address: string, now: number): void;
  failed(account: string, now: number): void;
  succeeded(account: string): void;
}

export function createSignInGuard(limits: Partial<SignInLimits> = {}): SignInGuard {
  const all: SignInLimits = { ...DEFAULT_SIGN_IN_LIMITS, ...limits };
  const addresses = new Map<string, number[]>();
  const accounts = new Map<string, number[]>();
  const recent = (map: Map<string, number[]>, key: string, now: number) => {
    const times = (map.get(key) ?? []).filter((t) => now - t < all.windowMs);
    if (times.length === 0) map.delete(key);
    else map.set(key, times);
    return times;
  };
  const push = (map: Map<string, number[]>, key: string, now: number) => {
    const times = recent(map, key, now);
    map.delete(key);
    map.set(key, [...times, now]);
    if (map.size > MAX_KEYS) map.delete(map.keys().next().value as string);
  };
  const wait = (times: number[], limit: number, now: number) =>
    times.length >= limit
      ? Math.ceil((times[times.length - limit]! + all.windowMs - now) / 1000)
      : null;
  return {
    limits: all,
    retryAfter(address, account, now) {
      const byAddress = wait(recent(addresses, address, now), all.perAddress, now);
      const byAccount = wait(recent(accounts, account.toLowerCase(), now), all.perAccount, now);
      if (byAddress === null && byAccount === null) return null;
      return Math.max(byAddress ?? 0, byAccount ?? 0, 1);
    },
    attempted: (address, now) => push(addresses, address, now),
    failed: (account, now) => push(accounts, account.toLowerCase(), now),
    succeeded: (account) => {
      accounts.delete(account.toLowerCase());
    },
  };
}
