// The part of oidc-provider (a development dependency, without type declarations) the sign-in
// tests use to run a loopback identity provider.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  interface Account {
    accountId: string;
    claims(): Record<string, unknown>;
  }

  export default class Provider {
    constructor(
      issuer: string,
      configuration: {
        clients: Record<string, unknown>[];
        pkce?: { required: () => boolean };
        claims?: Record<string, string[]>;
        findAccount: (context: unknown, sub: string) => Account | Promise<Account>;
      },
    );
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
  }
}
