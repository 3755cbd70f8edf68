// The API token lives in sessionStorage only: gone when the tab closes, never in a URL or a log.
const TOKEN_KEY = 'nghe.token';

export function readToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function writeToken(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token);
}

export function clearToken(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}
