import type { ServerResponse } from 'node:http';

/** One Server-Sent Events frame. `isDelta` marks token deltas, where faults may cut a stream. */
export interface SseFrame {
  event?: string;
  data: string;
  isDelta?: boolean;
}

export function sseFrame(event: string | undefined, data: unknown, isDelta = false): SseFrame {
  const frame: SseFrame = { data: typeof data === 'string' ? data : JSON.stringify(data), isDelta };
  if (event !== undefined) frame.event = event;
  return frame;
}

/** Real SSE framing: `event:` line when named, one `data:` line per line of data, blank line. */
export function formatSseFrame(frame: SseFrame): string {
  const lines: string[] = [];
  if (frame.event !== undefined) lines.push(`event: ${frame.event}`);
  for (const line of frame.data.split('\n')) lines.push(`data: ${line}`);
  return `${lines.join('\n')}\n\n`;
}

export function writeSseHeaders(response: ServerResponse): void {
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  response.flushHeaders();
}

/** Frames up to and including the `deltaCount`-th delta frame (all frames when there are fewer). */
export function framesThroughDeltas(frames: readonly SseFrame[], deltaCount: number): SseFrame[] {
  let seen = 0;
  for (let index = 0; index < frames.length; index += 1) {
    if (frames[index]?.isDelta) seen += 1;
    if (seen >= deltaCount) return frames.slice(0, index + 1);
  }
  return [...frames];
}

const pause = (milliseconds: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, milliseconds));

/**
 * Writes frames one by one (each in its own chunk, so clients see several deltas), waiting
 * `delayMs` between them. Stops early, returning false, when the response was closed.
 */
export async function writeSseFrames(response: ServerResponse, frames: readonly SseFrame[], delayMs: number): Promise<boolean> {
  for (const frame of frames) {
    if (response.destroyed || response.writableEnded) return false;
    await new Promise<void>((resolve) => response.write(formatSseFrame(frame), () => resolve()));
    // Yield to the event loop so each frame leaves as its own network chunk.
    await pause(delayMs);
  }
  return !(response.destroyed || response.writableEnded);
}
