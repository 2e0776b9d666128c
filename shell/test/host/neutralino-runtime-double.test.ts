import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { NeutralinoRuntimeDouble } from './neutralino-runtime-double.js';
import { EXTENSION_CHANNEL } from './neutralino-runtime-facts.js';

/**
 * Holds the runtime double to what the Neutralino 6.9 runtime does, as its source says
 * (neutralino-runtime-facts.ts cites the lines): what an extension finds on stdin, which sockets
 * it accepts, how calls are answered and refused, and where events go.
 */

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');
const config = JSON.parse(readFileSync(join(root, 'neutralino.config.json'), 'utf8')) as { nativeAllowList: string[]; extensions: { id: string }[] };

function open(url: string, headers: Record<string, string> = {}): Promise<{ socket: WebSocket; frames: unknown[] } | 'refused'> {
  return new Promise((resolvePromise) => {
    const socket = new WebSocket(url, { headers });
    const frames: unknown[] = [];
    socket.on('message', (data) => frames.push(JSON.parse(String(data))));
    socket.once('open', () => resolvePromise({ socket, frames }));
    socket.once('error', () => resolvePromise('refused'));
  });
}

async function until<T>(check: () => T | undefined): Promise<T> {
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    await new Promise((resolvePromise) => setTimeout(resolvePromise, 10));
  }
}

describe('the Neutralino runtime double against the 6.9 runtime', () => {
  const opened: WebSocket[] = [];
  let double: NeutralinoRuntimeDouble;
  afterEach(async () => {
    for (const socket of opened.splice(0)) socket.terminate();
    await double?.close();
  });

  async function start() {
    double = await NeutralinoRuntimeDouble.start({ loadedExtensions: config.extensions.map((extension) => extension.id), nativeAllowList: config.nativeAllowList });
    return double;
  }

  async function extension(id: string) {
    const launch = JSON.parse(double.launchFor(id)) as Record<string, string>;
    const result = await open(`ws://127.0.0.1:${launch['nlPort']}${EXTENSION_CHANNEL.connectPath(id, launch['nlConnectToken']!)}`);
    if (result === 'refused') throw new Error('refused');
    opened.push(result.socket);
    return { ...result, launch };
  }

  it('writes the launch JSON the runtime writes: the four keys, the port as a string, the connect token from the access token', async () => {
    await start();
    const launch = JSON.parse(double.launchFor('js.kanbots.supervisor')) as Record<string, unknown>;
    expect(Object.keys(launch).sort()).toEqual([...EXTENSION_CHANNEL.stdinKeys].sort());
    expect(launch['nlPort']).toBe(String(double.port));
    expect(launch['nlConnectToken']).toBe(EXTENSION_CHANNEL.connectTokenOf(String(launch['nlToken'])));
    expect(String(launch['nlToken'])).toContain('.');
  });

  it('accepts only loaded extension ids with the connect token, from localhost', async () => {
    await start();
    const base = `ws://127.0.0.1:${double.port}`;
    expect(await open(`${base}${EXTENSION_CHANNEL.connectPath('js.kanbots.host', 'wrong')}`)).toBe('refused');
    expect(await open(`${base}${EXTENSION_CHANNEL.connectPath('js.someone.else', double.connectToken)}`)).toBe('refused');
    expect(await open(`${base}${EXTENSION_CHANNEL.connectPath('js.kanbots.host', double.connectToken)}`, { Host: `evil.example:${double.port}` })).toBe('refused');
    expect(double.refused).toEqual(['wrong connect token', 'extension js.someone.else is not loaded', 'foreign host']);
    const host = await extension('js.kanbots.host');
    expect(double.connectedExtensions()).toEqual(['js.kanbots.host']);
    host.socket.close();
    await until(() => (double.connectedExtensions().length === 0 ? true : undefined));
  });

  it('answers a call { id, method, accessToken, data } with { id, method, data }, refusing a wrong token and methods outside the allow list', async () => {
    await start();
    const { socket, frames, launch } = await extension('js.kanbots.host');
    const call = (id: string, method: string, accessToken: string) => socket.send(JSON.stringify({ id, method, accessToken, data: { event: 'e', data: { n: 1 } } }));
    call('1', 'app.broadcast', 'wrong');
    call('2', 'filesystem.readFile', launch['nlToken']!);
    call('3', 'app.broadcast', launch['nlToken']!);
    const answers = await until(() => {
      const replies = frames.filter((frame) => typeof frame === 'object' && frame !== null && 'id' in frame);
      return replies.length === 3 ? replies : undefined;
    });
    for (const answer of answers) expect(Object.keys(answer as object).sort()).toEqual([...EXTENSION_CHANNEL.answerKeys].sort());
    expect(answers).toEqual([
      { id: '1', method: 'app.broadcast', data: { error: { code: EXTENSION_CHANNEL.errors.invalidToken, message: expect.any(String) } } },
      { id: '2', method: 'filesystem.readFile', data: { error: { code: EXTENSION_CHANNEL.errors.notPermitted, message: expect.any(String) } } },
      { id: '3', method: 'app.broadcast', data: { success: true } },
    ]);
    // app.broadcast reaches the page only, as { event, data }.
    expect(double.pageEvents.at(-1)).toEqual({ event: 'e', data: { n: 1 } });
    expect(frames.filter((frame) => (frame as { event?: string }).event === 'e')).toEqual([]);
  });

  it('delivers { event, data }: the runtime’s own events to every extension, a dispatch to one', async () => {
    await start();
    const supervisor = await extension('js.kanbots.supervisor');
    const host = await extension('js.kanbots.host');
    await until(() => supervisor.frames.find((frame) => (frame as { event?: string }).event === 'extClientConnect' && (frame as { data?: string }).data === 'js.kanbots.host'));
    expect(double.dispatchToExtension('js.kanbots.host', 'kanbots.message', { type: 'command' })).toBe(true);
    const delivered = await until(() => host.frames.find((frame) => (frame as { event?: string }).event === 'kanbots.message'));
    expect(Object.keys(delivered as object).sort()).toEqual([...EXTENSION_CHANNEL.eventKeys].sort());
    expect(delivered).toEqual({ event: 'kanbots.message', data: { type: 'command' } });
    expect(supervisor.frames.some((frame) => (frame as { event?: string }).event === 'kanbots.message')).toBe(false);
    host.socket.close();
    await until(() => supervisor.frames.find((frame) => (frame as { event?: string }).event === 'extClientDisconnect'));
    expect(double.dispatchToExtension('js.kanbots.host', 'kanbots.message', {})).toBe(false);
  });
});
