/**
 * What secret redaction costs at the protocol's exit: one run view (6,000 characters of live text,
 * 30 tool calls with output) redacted as a message, and a 60,000-character answer streamed through
 * the stream redactor in 6-character deltas — with three known keys (3 × 11 forms) and the key
 * shapes. Prints medians; not a timed test.
 *
 *   node --conditions=kanbots-source --import tsx core/bench/redaction.bench.ts
 */
import { performance } from 'node:perf_hooks';
import { createProtocolRedaction } from '../src/secrets/protocol-redaction.js';
import { SecretRedactor } from '../src/secrets/secret-redactor.js';
import type { RunView } from '../src/protocol/run-views.js';

const keys = ['sk-ant-api03-Bench_9f8e7d6c5b4a3210-ZYXWVUTSRQ-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOP', 'sk-proj-BenchOpenAI-00112233445566778899aabbccddeeff', 'plain-compatible-credential-7e3b91d5c2a8'];
const redactor = new SecretRedactor(keys);
const protocol = createProtocolRedaction(redactor);

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

const prose = 'The function now collapses repeated spaces into one dash and folds accents; tests pass. ';
const view = {
  id: 'run_1',
  agents: [
    {
      id: 'developer',
      text: prose.repeat(Math.ceil(6000 / prose.length)).slice(0, 6000),
      toolCalls: Array.from({ length: 30 }, (_, index) => ({ callId: `call_${index}`, name: 'run_command', input: { command: 'npm test' }, content: `$ exit code 0\n--- stdout ---\n${'ok 1 - joins words with dashes\n'.repeat(20)}` })),
    },
  ],
};
const viewSize = JSON.stringify(view).length;

const viewTimes: number[] = [];
for (let round = 0; round < 200; round += 1) {
  const started = performance.now();
  protocol.message({ type: 'event', seq: round, topic: 'run.updated', data: view as unknown as RunView });
  viewTimes.push(performance.now() - started);
}

const answer = prose.repeat(Math.ceil(60_000 / prose.length)).slice(0, 60_000);
const streamTimes: number[] = [];
let maxHeld = 0;
for (let round = 0; round < 20; round += 1) {
  const started = performance.now();
  const stream = redactor.stream();
  for (let position = 0; position < answer.length; position += 6) {
    stream.push(answer.slice(position, position + 6));
    maxHeld = Math.max(maxHeld, stream.heldBack);
  }
  stream.end();
  streamTimes.push(performance.now() - started);
}

console.log(`known forms: ${redactor.size} keys, longest form ${redactor.longestNeedle} characters`);
console.log(`run view of ${viewSize} characters redacted as a message: median ${median(viewTimes).toFixed(3)} ms`);
console.log(`60,000-character answer in ${answer.length / 6} deltas through the stream redactor: median ${median(streamTimes).toFixed(1)} ms (${((median(streamTimes) * 1000) / (answer.length / 6)).toFixed(1)} µs per delta); at most ${maxHeld} characters held back`);
