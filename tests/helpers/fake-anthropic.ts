// A local stand-in for the Anthropic Messages API, so e2e tests can run the real Claude Code
// client fully offline (../shared/claude-code-format.md, "Testing with the real client").
// Replies are deterministic and echo how much history they were sent, which is what lets a
// test prove that `--resume` really loaded the earlier turns.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** The parsed JSON body; the raw text when it was not JSON; undefined when empty. */
  body: unknown;
}

// Plain type guards rather than zod: the tests are also compiled to outDirs outside the repo
// (e.g. /tmp/build-e2e), where a bare package import cannot be resolved.
export interface ContentBlock { type: string; text?: string; [key: string]: unknown }
export interface ApiMessage { role: string; content: string | ContentBlock[] }
export interface MessagesBody {
  model?: string; stream?: boolean; messages: ApiMessage[]; system?: unknown; tools?: unknown[];
  [key: string]: unknown;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const optional = (v: unknown, type: string): boolean => v === undefined || typeof v === type;
const isContentBlock = (v: unknown): v is ContentBlock =>
  isRecord(v) && typeof v['type'] === 'string' && optional(v['text'], 'string');
const isApiMessage = (v: unknown): v is ApiMessage =>
  isRecord(v) && typeof v['role'] === 'string'
  && (typeof v['content'] === 'string' || (Array.isArray(v['content']) && v['content'].every(isContentBlock)));

export function isMessagesBody(v: unknown): v is MessagesBody {
  return isRecord(v) && Array.isArray(v['messages']) && v['messages'].every(isApiMessage)
    && optional(v['model'], 'string') && optional(v['stream'], 'boolean')
    && (v['tools'] === undefined || Array.isArray(v['tools']));
}

/** The text of a message without the `<system-reminder>` blocks Claude Code injects. */
export function messageText(msg: ApiMessage): string {
  if (typeof msg.content === 'string') return msg.content;
  return msg.content
    .filter((b) => b.type === 'text' && typeof b.text === 'string')
    .map((b) => b.text ?? '')
    .filter((t) => !t.trimStart().startsWith('<system-reminder>'))
    .join('\n');
}

/** User turns that carry typed text (tool results are user-role messages too: not counted). */
export function userTexts(body: MessagesBody): string[] {
  return body.messages
    .filter((m) => m.role === 'user')
    .map(messageText)
    .filter((t) => t.length > 0);
}

/** The deterministic reply: `ack <n>: <last user text>`, n = user turns seen in the request. */
export function replyFor(body: MessagesBody): string {
  const texts = userTexts(body);
  return `ack ${texts.length}: ${texts[texts.length - 1] ?? ''}`;
}

export interface FakeAnthropic {
  url: string;
  requests: RecordedRequest[];
  /** The parsed bodies of POST /v1/messages calls, every one (side requests included). */
  messageRequests(): MessagesBody[];
  /**
   * The main-loop calls: those offering tools and whose last *user* text contains `prompt`
   * (the last message itself may be a role "system" one). 2.1.197 under `-p` sent only these
   * plus `HEAD /`; side calls (titles, haiku helpers) are assumed to send no tools.
   */
  conversationRequests(prompt?: string): MessagesBody[];
  close(): Promise<void>;
}

/** A scripted turn: text and/or tool calls (stop_reason becomes tool_use when there are calls). */
export interface FakeTurn {
  text?: string;
  toolUses?: { id?: string; name: string; input: Record<string, unknown> }[];
}

export interface FakeAnthropicOptions {
  /** Override the reply (default: replyFor). Return a FakeTurn to make the model call tools. */
  reply?: (body: MessagesBody) => string | FakeTurn;
}

type Block =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

function toBlocks(turn: string | FakeTurn, msgNo: number): Block[] {
  if (typeof turn === 'string') return [{ type: 'text', text: turn }];
  const blocks: Block[] = turn.text === undefined ? [] : [{ type: 'text', text: turn.text }];
  (turn.toolUses ?? []).forEach((t, i) => {
    // Deterministic ids, shaped like the real ones (toolu_ + 24 characters).
    const id = t.id ?? `toolu_fake${String(msgNo).padStart(6, '0')}${String(i).padStart(8, '0')}`;
    blocks.push({ type: 'tool_use', id, name: t.name, input: t.input });
  });
  return blocks;
}

export function isConversationRequest(body: MessagesBody, prompt?: string): boolean {
  if ((body.tools?.length ?? 0) === 0) return false;
  if (prompt === undefined) return true;
  const texts = userTexts(body);
  return (texts[texts.length - 1] ?? '').includes(prompt);
}

export async function startFakeAnthropic(opts: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
  const requests: RecordedRequest[] = [];
  const reply = opts.reply ?? replyFor;
  let counter = 0;

  const server = createServer((req, res) => {
    readBody(req)
      .then((raw) => {
        const body = parseJson(raw);
        const path = (req.url ?? '/').split('?')[0] ?? '/';
        requests.push({ method: req.method ?? '', path, headers: flatHeaders(req), body });
        const route = `${req.method ?? ''} ${path}`;
        if (route === 'POST /v1/messages/count_tokens') {
          return sendJson(res, 200, { input_tokens: estimateTokens(raw) });
        }
        // Everything else 404s; 2.1.197 only probes `HEAD /` besides the two routes above.
        if (route !== 'POST /v1/messages') return sendJson(res, 404, apiError('not_found_error', `no route ${route}`));
        if (!isMessagesBody(body)) return sendJson(res, 400, apiError('invalid_request_error', 'not a Messages request'));
        counter++;
        const id = `msg_fake_${String(counter).padStart(4, '0')}`;
        const model = body.model ?? 'claude-fake';
        const content = toBlocks(reply(body), counter);
        const stop = content.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn';
        const usage = { input_tokens: estimateTokens(raw), output_tokens: estimateTokens(JSON.stringify(content)) };
        if (body.stream === true) return sendStream(res, { id, model, content, stop, usage });
        const message = { id, type: 'message', role: 'assistant', model, content };
        return sendJson(res, 200, { ...message, stop_reason: stop, stop_sequence: null, usage });
      })
      .catch((err: unknown) => {
        if (!res.headersSent) sendJson(res, 500, apiError('api_error', String(err)));
        else res.destroy();
      });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('fake API: no TCP address');
  const { port } = address;

  const messageRequests = (): MessagesBody[] =>
    requests
      .filter((r) => r.method === 'POST' && r.path === '/v1/messages')
      .map((r) => r.body)
      .filter(isMessagesBody);

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    messageRequests,
    conversationRequests: (prompt) => messageRequests().filter((b) => isConversationRequest(b, prompt)),
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Claude keeps connections alive; without this close() would wait for their timeout.
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

interface StreamedMessage {
  id: string;
  model: string;
  content: Block[];
  stop: string;
  usage: { input_tokens: number; output_tokens: number };
}

/** The Messages SSE protocol: start, per block start/deltas/stop, message_delta, stop. */
function sendStream(res: ServerResponse, m: StreamedMessage): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const event = (type: string, data: Record<string, unknown>): void => {
    res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  };
  event('message_start', {
    message: {
      id: m.id, type: 'message', role: 'assistant', model: m.model, content: [],
      stop_reason: null, stop_sequence: null,
      usage: { input_tokens: m.usage.input_tokens, output_tokens: 1 },
    },
  });
  event('ping', {});
  m.content.forEach((block, index) => {
    if (block.type === 'text') {
      event('content_block_start', { index, content_block: { type: 'text', text: '' } });
      // Two deltas, so the client's accumulation is exercised, not just a single chunk.
      for (const text of halves(block.text)) {
        event('content_block_delta', { index, delta: { type: 'text_delta', text } });
      }
    } else {
      const { id, name } = block;
      event('content_block_start', { index, content_block: { type: 'tool_use', id, name, input: {} } });
      for (const partial_json of halves(JSON.stringify(block.input))) {
        event('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json } });
      }
    }
    event('content_block_stop', { index });
  });
  event('message_delta', {
    delta: { stop_reason: m.stop, stop_sequence: null },
    usage: { output_tokens: m.usage.output_tokens },
  });
  event('message_stop', {});
  res.end();
}

function halves(text: string): string[] {
  const half = Math.ceil(text.length / 2);
  return [text.slice(0, half), text.slice(half)].filter((t) => t.length > 0);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

function apiError(type: string, message: string): unknown {
  return { type: 'error', error: { type, message } };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(raw: string): unknown {
  if (raw.length === 0) return undefined;
  try {
    const value: unknown = JSON.parse(raw);
    return value;
  } catch {
    return raw;
  }
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const entries = Object.entries(req.headers).filter((e): e is [string, string | string[]] => e[1] !== undefined);
  return Object.fromEntries(entries.map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v]));
}

/** A stable, plausible token count (about 4 characters a token). */
function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}
