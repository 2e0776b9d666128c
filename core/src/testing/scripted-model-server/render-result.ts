import type { ServerResponse } from 'node:http';
import { interruptedReply, malformedToolJsonReply, planReply } from './reply-plan.js';
import { isFault, type RecordedRequest, type ScriptedFault, type ScriptedReply, type ScriptedResult } from './scripted-step.js';
import { framesThroughDeltas, writeSseFrames, writeSseHeaders } from './sse.js';
import type { WireFormat } from './wire-format.js';

/** Renders one scripted result (reply or fault) onto an HTTP response in the request's wire format. */

export interface RenderContext {
  wire: WireFormat;
  result: ScriptedResult;
  record: RecordedRequest;
  response: ServerResponse;
  serial: number;
  requestText: string;
}

/** How many token deltas a stream carries before a `drop` or `midstream-error` fault cuts it. */
const deltasBeforeFault = 2;

const pause = (milliseconds: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, milliseconds));

function defaultStatusMessage(status: number): string {
  if (status === 429) return 'Rate limited (scripted)';
  if (status === 529) return 'Overloaded (scripted)';
  if (status === 401) return 'Invalid API key (scripted)';
  if (status === 403) return 'Permission denied (scripted)';
  if (status === 400) return 'Bad request (scripted)';
  return `Server error ${status} (scripted)`;
}

function sendStatusFault(context: RenderContext, fault: Extract<ScriptedFault, { fault: 'status' }>): void {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'request-id': `req_scripted_${context.serial}` };
  if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
  if (fault.retryAfterMs !== undefined) headers['retry-after-ms'] = fault.retryAfterMs;
  const body = fault.body ?? context.wire.errorBody(fault.status, fault.message ?? defaultStatusMessage(fault.status));
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  context.response.writeHead(fault.status, headers);
  context.response.end(text);
}

/** Keeps the response open until the client goes away or the server closes. */
function hang(context: RenderContext): Promise<void> {
  return new Promise<void>((resolve) => {
    context.response.once('close', () => resolve());
  });
}

async function sendReply(context: RenderContext, reply: ScriptedReply): Promise<void> {
  const { wire, record, response } = context;
  const plan = planReply(reply, { serial: context.serial, model: record.model ?? 'scripted-model', requestText: context.requestText });
  if (reply.latencyMs) await pause(reply.latencyMs);
  if (response.destroyed) return;
  if (!record.stream) {
    const text = JSON.stringify(wire.responseBody(plan, record.body));
    response.writeHead(200, { 'content-type': 'application/json', 'request-id': `req_scripted_${context.serial}` });
    response.end(text);
    return;
  }
  writeSseHeaders(response);
  if (await writeSseFrames(response, wire.streamFrames(plan, record.body), plan.chunkDelayMs)) response.end();
}

/** Streams a few deltas of a reply, then either an error event or a destroyed socket. */
async function sendInterruptedStream(context: RenderContext, ending: 'midstream-error' | 'drop', errorType?: string): Promise<void> {
  const { wire, record, response } = context;
  const plan = planReply(interruptedReply, { serial: context.serial, model: record.model ?? 'scripted-model', requestText: context.requestText });
  const frames = framesThroughDeltas(wire.streamFrames(plan, record.body), deltasBeforeFault);
  if (!record.stream) {
    if (ending === 'drop') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write(JSON.stringify(wire.responseBody(plan, record.body)).slice(0, 40), () => response.destroy());
      return;
    }
    sendStatusFault(context, { fault: 'status', status: wire.api === 'anthropic' ? 529 : 500 });
    return;
  }
  writeSseHeaders(response);
  if (!(await writeSseFrames(response, frames, plan.chunkDelayMs))) return;
  if (ending === 'drop') {
    response.destroy();
    return;
  }
  if (await writeSseFrames(response, [wire.midstreamErrorFrame(errorType)], 0)) response.end();
}

export async function respondWithResult(context: RenderContext): Promise<void> {
  const { result, record } = context;
  if (!isFault(result)) {
    await sendReply(context, result);
    return;
  }
  record.outcome = 'fault';
  record.fault = result.fault;
  switch (result.fault) {
    case 'status':
      sendStatusFault(context, result);
      return;
    case 'hang':
      await hang(context);
      return;
    case 'midstream-error':
      await sendInterruptedStream(context, 'midstream-error', result.errorType);
      return;
    case 'drop':
      await sendInterruptedStream(context, 'drop');
      return;
    case 'malformed-tool-json':
      await sendReply(context, malformedToolJsonReply(result));
      return;
  }
}
