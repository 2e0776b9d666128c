import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * Serves the built UI's files from one directory: GET/HEAD only, a fixed table of content types,
 * no path outside the directory (`..`, encoded separators, NUL, symlinks pointing out), `index.html`
 * revalidated on every load and Vite's content-hashed `assets/` cached for a year.
 */

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
};

const securityHeaders = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; connect-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'",
};

export type StaticHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

export function createStaticHandler(uiDirectory: string): StaticHandler {
  const root = resolve(uiDirectory);
  return async (request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return plain(response, 405, 'Method Not Allowed', { Allow: 'GET, HEAD' });
    }
    const file = await resolveFile(root, request.url ?? '/');
    if (file === 'bad-request') return plain(response, 400, 'Bad Request');
    if (file === undefined) {
      if ((request.url ?? '/').split('?')[0] === '/') {
        return plain(response, 503, 'The Kanbots UI is not built yet. Run `npm run build` (or `npm start`) in the Kanbots checkout.');
      }
      return plain(response, 404, 'Not Found');
    }
    const extension = extname(file.path).toLowerCase();
    const immutable = relative(root, file.path).split(sep)[0] === 'assets';
    response.writeHead(200, {
      ...securityHeaders,
      'Content-Type': contentTypes[extension] ?? 'application/octet-stream',
      'Content-Length': String(file.size),
      'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    if (request.method === 'HEAD') return void response.end();
    await new Promise<void>((resolvePromise) => {
      const stream = createReadStream(file.path);
      stream.on('error', () => {
        response.destroy();
        resolvePromise();
      });
      stream.on('end', resolvePromise);
      stream.pipe(response);
    });
  };
}

async function resolveFile(root: string, url: string): Promise<{ path: string; size: number } | undefined | 'bad-request'> {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url, 'http://host.invalid').pathname);
  } catch {
    return 'bad-request';
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return 'bad-request';
  if (pathname.endsWith('/')) pathname += 'index.html';
  const candidate = resolve(root, `.${pathname}`);
  if (!isInside(root, candidate)) return 'bad-request';
  try {
    const [realRoot, realCandidate] = await Promise.all([realpath(root), realpath(candidate)]);
    if (!isInside(realRoot, realCandidate)) return undefined;
    const info = await stat(realCandidate);
    return info.isFile() ? { path: realCandidate, size: info.size } : undefined;
  } catch {
    return undefined;
  }
}

function isInside(root: string, candidate: string): boolean {
  const path = relative(root, candidate);
  return path !== '' && !path.startsWith('..') && !isAbsolute(path);
}

export function plain(response: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { ...securityHeaders, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  response.end(`${text}\n`);
}
