import { describe, expect, it } from 'vitest';
import { createLogger, redactSecrets } from '../../src/host/logger.js';

describe('the host logger redacts anything that looks like a secret', () => {
  it('redacts API keys, bearer tokens, token parameters and long random strings', () => {
    const token = 'q3Vx9Zr2Lm8Kp4Tn7Wb1Yc6Hd5Jf0Ag2Se9Ru3Xo8Mi';
    expect(redactSecrets('key sk-ant-api03-abcdefghijklmnop failed')).toBe('key [redacted] failed');
    expect(redactSecrets('Authorization: Bearer abc.def.ghijklmnop')).toBe('Authorization: Bearer [redacted]');
    expect(redactSecrets(`ws://127.0.0.1:7317/ws?token=abc123secret&x=1`)).toBe('ws://127.0.0.1:7317/ws?token=[redacted]&x=1');
    expect(redactSecrets(`{"nlToken":"short-but-secret"}`)).toBe('{"nlToken":"[redacted]"}');
    expect(redactSecrets(`http://127.0.0.1:7317/#token=${token}`)).not.toContain(token);
    expect(redactSecrets(`opened ${token}`)).toBe('opened [redacted]');
  });

  it('leaves ordinary text alone and writes one line per message', () => {
    const lines: string[] = [];
    const logger = createLogger({ write: (line) => lines.push(line), level: 'info' });
    logger.debug('hidden');
    logger.info('Data directory: /home/user/.local/share/kanbots');
    logger.warn('Port 7317 is taken (apiKey=sk-proj-1234567890)');
    expect(lines).toEqual(['[kanbots] Data directory: /home/user/.local/share/kanbots\n', '[kanbots] warn: Port 7317 is taken (apiKey=[redacted])\n']);
  });
});
