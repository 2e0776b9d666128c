import { resolve } from 'node:path';
import { resolveDataDir } from '@kanbots/core';
import { hostTokenPath, loadHostToken, rotateHostToken } from './host-token.js';

/**
 * `kanbots token [--rotate]`: prints the data directory's browser token (creating it when there
 * is none), or replaces it. The token goes to stdout; what it is for goes to stderr.
 */
export async function tokenCommand(options: { rotate: boolean; dataDir: string | undefined }): Promise<number> {
  const dataDir = resolve(options.dataDir ?? resolveDataDir());
  const token = options.rotate ? await rotateHostToken(dataDir) : await loadHostToken(dataDir);
  process.stdout.write(`${token}\n`);
  process.stderr.write(
    options.rotate
      ? `A new token is in ${hostTokenPath(dataDir)}. The old one no longer opens a new connection; open the address "kanbots serve" prints (…/#token=<token>).\n`
      : `Open http://127.0.0.1:<port>/#token=<token> (the address "kanbots serve" prints). "kanbots token --rotate" replaces it.\n`,
  );
  return 0;
}
