import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rawGet, useHostContext } from './host-test-context.js';

describe('serving the built UI', () => {
  const context = useHostContext();

  async function hostWithUi() {
    const parent = await context.temporaryDirectory('kanbots-static-');
    const uiDir = join(parent, 'ui');
    await mkdir(join(uiDir, 'assets'), { recursive: true });
    await writeFile(join(uiDir, 'index.html'), '<!doctype html><title>Kanbots</title>');
    await writeFile(join(uiDir, 'assets', 'index-abc123.js'), 'console.log(1)');
    await writeFile(join(uiDir, 'assets', 'index-abc123.css'), 'body{}');
    await writeFile(join(uiDir, 'icon.svg'), '<svg/>');
    await writeFile(join(parent, 'secret.txt'), 'TOP SECRET');
    await symlink(join(parent, 'secret.txt'), join(uiDir, 'link.txt'));
    const host = await context.start({ dataDir: await context.temporaryDirectory(), uiDir });
    return host;
  }

  it('serves index.html at / with its content type, revalidated every load', async () => {
    const { port } = await hostWithUi();
    const response = await rawGet(port, '/');
    expect(response.status).toBe(200);
    expect(response.body).toContain('<title>Kanbots</title>');
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('serves hashed assets with long-lived caching and the right content types', async () => {
    const { port } = await hostWithUi();
    const script = await rawGet(port, '/assets/index-abc123.js');
    expect(script).toMatchObject({ status: 200, body: 'console.log(1)' });
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await rawGet(port, '/assets/index-abc123.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await rawGet(port, '/icon.svg?v=2')).headers['content-type']).toBe('image/svg+xml');
    const head = await rawGet(port, '/icon.svg', { method: 'HEAD' });
    expect(head).toMatchObject({ status: 200, body: '' });
  });

  it('never serves a file outside the UI directory', async () => {
    const { port } = await hostWithUi();
    const attempts = ['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt', '/%00index.html', '/link.txt', '//etc/passwd', '/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc/passwd'];
    for (const path of attempts) {
      const response = await rawGet(port, path);
      expect([400, 404], path).toContain(response.status);
      expect(response.body, path).not.toContain('TOP SECRET');
      expect(response.body, path).not.toContain('root:');
    }
  });

  it('answers 404 for missing files, 405 for other methods, 403 for a foreign Host', async () => {
    const { port } = await hostWithUi();
    expect((await rawGet(port, '/nope.js')).status).toBe(404);
    expect((await rawGet(port, '/assets')).status).toBe(404);
    expect((await rawGet(port, '/', { method: 'POST' })).status).toBe(405);
    expect((await rawGet(port, '/', { host: `evil.example:${port}` })).status).toBe(403);
    expect((await rawGet(port, '/', { host: `localhost:${port}` })).status).toBe(200);
  });

  it('says how to build the UI when it is missing', async () => {
    const host = await context.start({ dataDir: await context.temporaryDirectory(), uiDir: join(await context.temporaryDirectory(), 'missing') });
    const response = await rawGet(host.port, '/');
    expect(response.status).toBe(503);
    expect(response.body).toContain('npm run build');
  });
});
