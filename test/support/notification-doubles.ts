// Protocol doubles of Slack and Amazon SES v2 on 127.0.0.1: neither service has a local
// implementation, so these speak their wire protocols (Slack's incoming webhook and Web API
// `chat.postMessage`; SES v2's REST-JSON `SendEmail`) and record what they received. The real
// clients (Node's fetch, @aws-sdk/client-sesv2) talk to them unchanged.
import { createServer, type IncomingMessage, type Server } from 'node:http';

/** One request a double received. */
export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  json(): Record<string, unknown>;
}

/** What the double answers: status, headers, body. */
export interface DoubleReply {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface HttpDouble {
  readonly url: string;
  readonly requests: ReceivedRequest[];
  /** Replaces the answer to the next requests. */
  reply(answer: (request: ReceivedRequest) => DoubleReply): void;
  close(): Promise<void>;
}

async function startDouble(initial: (request: ReceivedRequest) => DoubleReply): Promise<HttpDouble> {
  let answer = initial;
  const requests: ReceivedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const request: ReceivedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body,
        json: () => JSON.parse(body) as Record<string, unknown>,
      };
      requests.push(request);
      const reply = answer(request);
      res.writeHead(reply.status, reply.headers ?? {});
      res.end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    reply(next) {
      answer = next;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * Slack: `POST /hooks/...` answers `200 ok` like an incoming webhook; `POST /api/chat.postMessage`
 * answers `{ ok: true, channel, ts }` like the Web API (which answers errors with HTTP 200 too).
 */
export function startSlackDouble(): Promise<HttpDouble> {
  return startDouble((request) => {
    if (request.path.startsWith('/hooks/')) return { status: 200, body: 'ok' };
    if (request.path === '/api/chat.postMessage') {
      const channel = String(request.json().channel ?? '');
      return {
        status: 200,
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify({ ok: true, channel: `C-${channel.replace('#', '')}`, ts: '1700000000.000100' }),
      };
    }
    return { status: 404, body: 'no_service' };
  });
}

/** A Slack Web API error reply: HTTP 200 with `{ ok: false, error }`, as Slack sends it. */
export function slackError(error: string): DoubleReply {
  return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ok: false, error }) };
}

/** SES v2: `POST /v2/email/outbound-emails` answers `{ MessageId }`. */
export function startSesDouble(): Promise<HttpDouble> {
  let sent = 0;
  return startDouble((request) => {
    if (request.method === 'POST' && request.path === '/v2/email/outbound-emails') {
      sent++;
      return {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ MessageId: `local-message-${sent}` }),
      };
    }
    return sesError(404, 'NotFoundException', `no route ${request.method} ${request.path}`);
  });
}

/** An SES v2 error reply: the error type in `x-amzn-errortype`, the text in `message`. */
export function sesError(status: number, type: string, message: string): DoubleReply {
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': type },
    body: JSON.stringify({ message }),
  };
}
