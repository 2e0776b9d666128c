import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress } from 'node:zlib';
import { ensureCachedPackage } from '../../../core/test/support/npm-cache.js';

/**
 * A Chromium for machines that have none: the build shipped inside the npm package
 * `@sparticuz/chromium` (a headless-shell Chromium for Linux x64 with the few libraries and fonts
 * it needs, brotli-compressed), installed on demand into `.cache/chromium/` like the agent CLIs and
 * unpacked there once. Version 141 is the newest whose `engines` accept Node 20; its JavaScript is
 * never run (it unpacks into /tmp and assumes AWS Lambda), only its files are used.
 */
const packageName = '@sparticuz/chromium';
const version = '141.0.0';

export interface ChromiumLaunch {
  executablePath: string;
  /** Extra environment for the browser process (its bundled libraries and fonts). */
  environment: Record<string, string>;
  /** Flags this build needs on top of the common ones. */
  args: string[];
  /** Where it came from, for messages. */
  source: string;
}

export function npmChromiumSupported(): boolean {
  return process.platform === 'linux' && process.arch === 'x64';
}

async function unpackBrotli(source: string, target: string): Promise<void> {
  await pipeline(createReadStream(source), createBrotliDecompress(), createWriteStream(target));
}

function untar(archive: string, directory: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('tar', ['-xf', archive, '-C', directory], { stdio: ['ignore', 'ignore', 'pipe'] });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`tar -xf ${archive} failed (${String(code)}): ${errors}`))));
  });
}

/** Unpacks the package's browser into `<install>/browser`: the binary with its GL libraries beside it, NSS libraries in `lib/`, fonts in `fonts/`. */
async function unpackBrowser(directory: string): Promise<void> {
  const bin = path.join(directory, 'node_modules', ...packageName.split('/'), 'bin');
  const browser = path.join(directory, 'browser');
  await mkdir(browser, { recursive: true });
  await unpackBrotli(path.join(bin, 'chromium.br'), path.join(browser, 'chromium'));
  await chmod(path.join(browser, 'chromium'), 0o755);
  for (const [archive, into] of [
    ['swiftshader', browser],
    ['al2023', browser],
    ['fonts', browser],
  ] as const) {
    const tar = path.join(browser, `${archive}.tar`);
    await unpackBrotli(path.join(bin, `${archive}.tar.br`), tar);
    await untar(tar, into);
    await rm(tar);
  }
  // The package's own fonts.conf points at Lambda's folders; this one at the unpacked fonts and the system's.
  await writeFile(
    path.join(browser, 'fonts.conf'),
    [
      '<?xml version="1.0"?>',
      '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
      '<fontconfig>',
      `  <dir>${path.join(browser, 'fonts')}</dir>`,
      '  <dir>/usr/share/fonts</dir>',
      `  <cachedir>${path.join(browser, 'fonts-cache')}</cachedir>`,
      '</fontconfig>',
      '',
    ].join('\n'),
  );
}

/** Installs and unpacks the npm Chromium when needed; returns how to launch it. */
export async function ensureNpmChromium(): Promise<ChromiumLaunch> {
  if (!npmChromiumSupported()) throw new Error(`${packageName} ships Chromium for Linux x64 only (this is ${process.platform} ${process.arch})`);
  const directory = await ensureCachedPackage({
    group: 'chromium',
    name: `sparticuz-chromium@${version}`,
    packageName,
    version,
    expect: path.join('browser', 'chromium'),
    prepare: unpackBrowser,
  });
  const browser = path.join(directory, 'browser');
  return {
    executablePath: path.join(browser, 'chromium'),
    environment: { LD_LIBRARY_PATH: path.join(browser, 'lib'), FONTCONFIG_FILE: path.join(browser, 'fonts.conf') },
    args: ['--no-zygote'],
    source: `${packageName}@${version} (npm, cached in .cache/chromium)`,
  };
}
