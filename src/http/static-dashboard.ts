// Serves the built web dashboard (web/dist): files as they are, index.html for any other path
// so client-side routes work on reload. Hashed assets are cached for a year; index.html never.
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** Vite names built assets like `index-4f3a9c1b.js`: content-hashed, safe to cache forever. */
const HASHED_NAME = /[.-][A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>nghe</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto">
<h1>nghe</h1>
<p>The dashboard is not built. Build it with <code>npm run build</code> in <code>web/</code>,
then restart <code>nghe serve</code>.</p>
<p>The API is running: see <a href="/api/docs">/api/docs</a>.</p>
</body></html>
`;

export type StaticAnswer = (pathname: string) => Promise<Response>;

export function createStaticDashboard(dir: string | null): StaticAnswer {
  const root = dir ? resolve(dir) : null;
  const built = root !== null && existsSync(resolve(root, 'index.html'));
  return async (pathname) => {
    if (!built || root === null) {
      return new Response(NOT_BUILT_PAGE, {
        status: 200,
        headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' },
      });
    }
    const file = fileFor(root, pathname);
    if (file) {
      const immutable = HASHED_NAME.test(file) && !file.endsWith('.html');
      return new Response(await readFile(file), {
        headers: {
          'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
          'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
          'X-Content-Type-Options': 'nosniff',
        },
      });
    }
    // A missing file with an extension is a real 404, not a client route.
    if (extname(pathname) !== '' && !pathname.endsWith('.html')) {
      return new Response('not found', { status: 404, headers: { 'Content-Type': 'text/plain' } });
    }
    return new Response(await readFile(resolve(root, 'index.html')), {
      headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' },
    });
  };
}

function fileFor(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const path = resolve(root, `.${decoded.endsWith('/') ? `${decoded}index.html` : decoded}`);
  if (path !== root && !path.startsWith(root + sep)) return null;
  try {
    return statSync(path).isFile() ? path : null;
  } catch {
    return null;
  }
}
