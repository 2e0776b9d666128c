import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/**
 * Every test file gets its own Kanbots config folder, so a test that starts a host or a Kanbots
 * without naming one never reads or writes the secrets file of the person running the tests
 * (`~/.config/kanbots`). Child processes inherit it; a test that sets its own wins.
 */
if (!process.env['KANBOTS_CONFIG_HOME']) {
  const configHome = mkdtempSync(join(tmpdir(), 'kanbots-test-config-'));
  process.env['KANBOTS_CONFIG_HOME'] = configHome;
  afterAll(() => {
    rmSync(configHome, { recursive: true, force: true });
    delete process.env['KANBOTS_CONFIG_HOME'];
  });
}
