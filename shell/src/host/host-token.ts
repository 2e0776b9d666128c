import { chmod, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createToken } from './request-guards.js';

/**
 * The browser tab's token, stable per data directory: kept in `<data dir>/host-token` (mode 0600,
 * owner only), so a tab opened with `…/#token=…` reconnects after `kanbots serve` restarts.
 * `kanbots token --rotate` replaces it; a running host reads the file at each new connection, so
 * the old token stops working at once (connections already open stay open).
 */

export const HOST_TOKEN_FILE = 'host-token';
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function hostTokenPath(dataDir: string): string {
  return join(dataDir, HOST_TOKEN_FILE);
}

/** The data directory's token, created on first use; a file that does not hold one is replaced. */
export async function loadHostToken(dataDir: string): Promise<string> {
  const path = hostTokenPath(dataDir);
  const existing = await readToken(path);
  if (existing !== undefined) {
    // Only the owner may read it, whatever made the file.
    if (process.platform !== 'win32' && ((await stat(path)).mode & 0o077) !== 0) await chmod(path, 0o600);
    return existing;
  }
  return rotateHostToken(dataDir);
}

/** Writes a new token (atomically: a 0600 temporary file renamed over the old one) and returns it. */
export async function rotateHostToken(dataDir: string): Promise<string> {
  await mkdir(dataDir, { recursive: true });
  const token = createToken();
  const path = hostTokenPath(dataDir);
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    const handle = await open(temporary, 'w', 0o600);
    try {
      await handle.writeFile(`${token}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return token;
}

/** The token now in the file, read synchronously (at a WebSocket upgrade); undefined when unreadable. */
export function currentHostToken(dataDir: string): string | undefined {
  try {
    const text = readFileSync(hostTokenPath(dataDir), 'utf8').trim();
    return TOKEN_PATTERN.test(text) ? text : undefined;
  } catch {
    return undefined;
  }
}

async function readToken(path: string): Promise<string | undefined> {
  try {
    const text = (await readFile(path, 'utf8')).trim();
    return TOKEN_PATTERN.test(text) ? text : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
