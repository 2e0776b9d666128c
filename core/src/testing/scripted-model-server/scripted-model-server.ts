import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock } from '../../ports/clock.js';
import { anthropicWire } from './anthropic-wire.js';
import { looksAnthropic, parseBody, readBody, redactHeaders, routeRequest } from './http-request.js';
import { openAIChatWire, openAIErrorBody } from './openai-chat-wire.js';
import { openAIResponsesWire } from './openai-responses-wire.js';
import { respondWithResult } from './render-result.js';
import { defaultLane, ScriptLanes } from './script-lanes.js';
import { isFault, type RecordedRequest, type ScriptedApiKind, type ScriptedStep, type ScriptedStepFunction } from './scripted-step.js';
import { readRecord, type WireFormat } from './wire-format.js';

export interface ScriptedModelServerOptions {
  /** Stamps `RecordedRequest.time`; defaults to the system clock. */
  clock?: Clock;
  /** Host to listen on; always a loopback address. Default `127.0.0.1`. */
  host?: string;
  /**
   * When the client goes away before a reply was fully sent (an agent paused mid-answer), put the
   * step back so the re-sent request gets it again — what a person watching the demo expects.
   * Off by default: tests script what each request receives, aborted ones included.
   */
  replayAbortedReplies?: boolean;
  /**
   * The model ids `GET /v1/models` lists, in the shape of the API asking (Anthropic's
   * `{ data: [{ type: "model", id, display_name, created_at }], has_more, first_id, last_id }` when
   * the request carries `anthropic-version`, else OpenAI's `{ object: "list", data: [{ id,
   * object: "model", created, owned_by }] }`). Default: none.
   */
  models?: readonly string[];
  /**
   * The API keys the server accepts (from `x-api-key` or `Authorization: Bearer`). When given, any
   * other key gets a 401 in the wire format of the request, as a real provider answers a refused
   * key. Default: every key is accepted.
   */
  apiKeys?: readonly string[];
}

export interface ScriptedModelServer {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** For `@anthropic-ai/sdk` (`baseURL`) and `ANTHROPIC_BASE_URL`: no `/v1`. */
  readonly anthropicBaseUrl: string;
  /** For `openai` (`baseURL`): with `/v1`. */
  readonly openaiBaseUrl: string;
  /** Every request received, in order, credentials redacted. */
  readonly requests: RecordedRequest[];
  /** Appends steps to the default lane. */
  script(steps: readonly ScriptedStep[]): void;
  /** Appends steps to the lane of requests whose `model` is `lane`. */
  script(lane: string, steps: readonly ScriptedStep[]): void;
  /**
   * Answers every request of `lane` that its queued steps do not, with a function of the request
   * (e.g. of the conversation so far): a lane that can never run out. Queued steps still go first.
   */
  respond(lane: string, responder: ScriptedStepFunction): void;
  /** Throws listing unused steps per lane and unscripted requests, if any. */
  assertComplete(): void;
  /** Forgets all lanes and recorded requests. */
  reset(): void;
  /** Ends hanging responses and stops listening. */
  close(): Promise<void>;
}

const wires: Record<'anthropic' | 'openai-chat' | 'openai-responses', WireFormat> = {
  anthropic: anthropicWire,
  'openai-chat': openAIChatWire,
  'openai-responses': openAIResponsesWire,
};

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers });
  response.end(text);
}

/** The key a client sent: `x-api-key` (Anthropic) or `Authorization: Bearer` (OpenAI). */
function presentedKey(request: IncomingMessage): string | undefined {
  const header = request.headers['x-api-key'];
  if (typeof header === 'string') return header;
  const authorization = request.headers.authorization;
  return authorization?.startsWith('Bearer ') === true ? authorization.slice('Bearer '.length) : undefined;
}

function modelsListBody(models: readonly string[], anthropic: boolean, now: number): unknown {
  if (anthropic) {
    const createdAt = new Date(now).toISOString();
    return {
      data: models.map((id) => ({ type: 'model', id, display_name: id, created_at: createdAt })),
      has_more: false,
      first_id: models[0] ?? null,
      last_id: models.at(-1) ?? null,
    };
  }
  return { object: 'list', data: models.map((id) => ({ id, object: 'model', created: Math.floor(now / 1000), owned_by: 'scripted' })) };
}

function isTokenProbe(api: ScriptedApiKind, body: unknown, stream: boolean): boolean {
  return api === 'anthropic' && !stream && readRecord(body).max_tokens === 1;
}

/** Starts a scripted model server on 127.0.0.1 (random port) speaking Anthropic and OpenAI wire formats. */
export async function startScriptedModelServer(options: ScriptedModelServerOptions = {}): Promise<ScriptedModelServer> {
  const clock = options.clock ?? systemClock;
  const lanes = new ScriptLanes();
  const requests: RecordedRequest[] = [];
  let serial = 0;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET';
    const [path = '/', query = ''] = (request.url ?? '/').split('?', 2);
    const text = await readBody(request);
    const body = parseBody(text);
    const route = routeRequest(method, path);
    const model = typeof readRecord(body).model === 'string' ? (readRecord(body).model as string) : undefined;
    const api: ScriptedApiKind = route.kind === 'model' ? route.api : route.kind === 'count-tokens' ? 'anthropic-count-tokens' : 'unknown';
    const wire = route.kind === 'model' ? wires[route.api] : undefined;
    const lane = route.kind === 'model' ? lanes.laneFor(model) : defaultLane;
    const record: RecordedRequest = {
      api,
      lane,
      method,
      path,
      query,
      headers: redactHeaders(request.headers),
      body,
      model,
      stream: wire?.wantsStream(body) ?? false,
      time: clock.now(),
      outcome: route.kind === 'model' ? 'reply' : route.kind === 'unknown' ? 'unknown-path' : 'auxiliary',
    };
    requests.push(record);

    if (route.kind === 'probe') {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end(method === 'HEAD' ? undefined : 'scripted model server');
      return;
    }
    if (options.apiKeys !== undefined && !options.apiKeys.includes(presentedKey(request) ?? '')) {
      record.outcome = 'refused';
      const message = 'invalid x-api-key';
      sendJson(response, 401, looksAnthropic(request.headers, path) ? anthropicWire.errorBody(401, message) : openAIErrorBody(401, 'Incorrect API key provided.'));
      return;
    }
    if (route.kind === 'models-list') {
      sendJson(response, 200, modelsListBody(options.models ?? [], looksAnthropic(request.headers, path), clock.now()));
      return;
    }
    if (route.kind === 'count-tokens') {
      sendJson(response, 200, { input_tokens: Math.max(1, Math.ceil(text.length / 4)) });
      return;
    }
    if (route.kind === 'unknown' || wire === undefined) {
      const message = `The scripted model server does not know ${method} ${path}`;
      sendJson(response, 404, looksAnthropic(request.headers, path) ? anthropicWire.errorBody(404, message) : openAIErrorBody(404, message));
      return;
    }

    if (isTokenProbe(route.api, body, record.stream)) {
      // A one-token, non-streaming request is a client checking the model or its key (Claude Code
      // does when it continues a session): answered at once, never from a script.
      record.outcome = 'auxiliary';
      sendJson(response, 200, {
        id: `msg_probe_${requests.length}`,
        type: 'message',
        role: 'assistant',
        model: model ?? 'scripted',
        content: [{ type: 'text', text: 'Hi' }],
        stop_reason: 'max_tokens',
        stop_sequence: null,
        usage: { input_tokens: 1, output_tokens: 1 },
      });
      return;
    }
    const step = lanes.take(lane);
    if (step === undefined) {
      record.outcome = 'unscripted';
      const message = `Unscripted request: no step left in lane "${lane}" for ${api} ${method} ${path} (model ${model ?? 'none'})`;
      sendJson(response, 500, wire.errorBody(500, message), { 'x-should-retry': 'false' });
      return;
    }
    const result = typeof step === 'function' ? await step(record) : step;
    serial += 1;
    if (options.replayAbortedReplies && !isFault(result)) {
      response.once('close', () => {
        if (!response.writableFinished && !lanes.isResponder(lane, step)) lanes.putBack(lane, step);
      });
    }
    await respondWithResult({ wire, result, record, response, serial, requestText: text });
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) {
        sendJson(response, 500, { type: 'error', error: { type: 'api_error', message: `Scripted model server failure: ${String(error)}` } });
      } else {
        response.destroy();
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.address}:${address.port}`;

  return {
    url,
    anthropicBaseUrl: url,
    openaiBaseUrl: `${url}/v1`,
    requests,
    script(laneOrSteps: string | readonly ScriptedStep[], maybeSteps?: readonly ScriptedStep[]): void {
      if (typeof laneOrSteps === 'string') lanes.append(laneOrSteps, maybeSteps ?? []);
      else lanes.append(defaultLane, laneOrSteps);
    },
    respond(lane: string, responder: ScriptedStepFunction): void {
      lanes.respond(lane, responder);
    },
    assertComplete(): void {
      const problems: string[] = [];
      for (const [lane, steps] of lanes.unused()) problems.push(`lane "${lane}" has ${steps.length} unused step(s): ${steps.join('; ')}`);
      for (const request of requests.filter((recorded) => recorded.outcome === 'unscripted')) {
        problems.push(`unscripted ${request.api} request ${request.method} ${request.path} in lane "${request.lane}" (model ${request.model ?? 'none'})`);
      }
      if (problems.length > 0) throw new Error(`Scripted model server script incomplete:\n- ${problems.join('\n- ')}`);
    },
    reset(): void {
      lanes.clear();
      requests.length = 0;
    },
    close(): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
