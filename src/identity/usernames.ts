// User names: what people type to sign in and what the usage log shows.
const USERNAME = /^[\p{L}\p{N}][\p{L}\p{N}._@-]{1,63}$/u;

export function usernameProblem(name: string): string | null {
  if (!USERNAME.test(name)) {
    return 'username: 2-64 letters, digits, dots, dashes, underscores or @, starting with a letter or digit';
  }
  if (name.toLowerCase() === 'builtin-admin') return 'username: builtin-admin is reserved';
  return null;
}
