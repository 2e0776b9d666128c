/**
 * Splits a byte/text stream into lines: partial lines are buffered until their newline arrives,
 * CRLF and lone CR line ends are accepted, and `flush()` hands back a last line without a newline.
 * Pure: no `node:*` imports, so converters and tests can use it anywhere.
 */
export class LineSplitter {
  private buffer = '';

  /** Feeds a chunk; returns the complete lines it finished (without their line ends). */
  push(chunk: string): string[] {
    this.buffer += chunk;
    const lines: string[] = [];
    let start = 0;
    for (let index = 0; index < this.buffer.length; index += 1) {
      const character = this.buffer[index];
      if (character === '\n') {
        lines.push(stripCarriageReturn(this.buffer.slice(start, index)));
        start = index + 1;
      } else if (character === '\r' && index + 1 < this.buffer.length && this.buffer[index + 1] !== '\n') {
        // A lone CR (old Mac line end or a progress redraw) also ends a line.
        lines.push(this.buffer.slice(start, index));
        start = index + 1;
      }
    }
    this.buffer = this.buffer.slice(start);
    return lines.filter((line) => line.length > 0);
  }

  /** Returns the buffered rest (a last line without its newline), if any, and empties the buffer. */
  flush(): string[] {
    const rest = stripCarriageReturn(this.buffer);
    this.buffer = '';
    return rest.length > 0 ? [rest] : [];
  }
}

function stripCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

export type ParsedJsonLine = { ok: true; value: unknown } | { ok: false; line: string; reason: string };

/** Parses one line of a JSON-lines stream; a line that is not a JSON object is reported, not thrown. */
export function parseJsonLine(line: string): ParsedJsonLine {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return { ok: false, line, reason: 'not a JSON object' };
  try {
    const value: unknown = JSON.parse(trimmed);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, line, reason: 'not a JSON object' };
    return { ok: true, value };
  } catch (error) {
    return { ok: false, line, reason: error instanceof Error ? error.message : String(error) };
  }
}
