import { chmod, mkdir, readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../store/atomic-write.js';
import { SecretStoreError, type SecretStore } from './secret-store.js';

const fileSchema = z.object({ kind: z.literal('secrets'), schemaVersion: z.literal(1), data: z.record(z.string(), z.string()) });

/**
 * Fallback secret store: a JSON file with mode 0600 in a 0700 directory. Used only when no OS
 * keychain is reachable, and says so through `warning`.
 */
export class FileSecretStore implements SecretStore {
  readonly backend = 'file' as const;
  readonly warning: string;

  constructor(readonly path: string, reason = 'no OS keychain is available') {
    this.warning = `API keys are stored in ${path} (readable only by you) because ${reason}.`;
  }

  async get(name: string): Promise<string | undefined> {
    return (await this.readAll())[name];
  }

  async set(name: string, value: string): Promise<void> {
    const all = await this.readAll();
    all[name] = value;
    await this.writeAll(all);
  }

  async delete(name: string): Promise<void> {
    const all = await this.readAll();
    if (!(name in all)) return;
    delete all[name];
    await this.writeAll(all);
  }

  private async readAll(): Promise<Record<string, string>> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new SecretStoreError(`cannot read the secrets file ${this.path}`, error);
    }
    if (process.platform !== 'win32') {
      const mode = (await stat(this.path)).mode & 0o777;
      if (mode & 0o077) await chmod(this.path, 0o600);
    }
    try {
      return { ...fileSchema.parse(JSON.parse(text)).data };
    } catch (error) {
      // Never overwrite a file we cannot read: the user may need what is in it.
      throw new SecretStoreError(`the secrets file ${this.path} is not valid; move it aside to start afresh`, error);
    }
  }

  private async writeAll(data: Record<string, string>): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    await writeFileAtomic(this.path, `${JSON.stringify({ kind: 'secrets', schemaVersion: 1, data }, null, 2)}\n`, { mode: 0o600 });
  }
}
