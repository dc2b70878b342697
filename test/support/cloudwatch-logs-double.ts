/**
 * A protocol double of CloudWatch Logs on 127.0.0.1: speaks the AWS JSON 1.1 protocol the SDK uses
 * (`POST /`, `X-Amz-Target: Logs_20140328.<Operation>`, JSON bodies, errors as HTTP 400 with `__type`).
 * There is no local CloudWatch Logs implementation (dynalite-style) to test against, so this double
 * enforces the documented PutLogEvents rules instead: it rejects batches the real service would reject.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const TARGET_PREFIX = 'Logs_20140328.';
const MAX_EVENTS = 10_000;
const MAX_BATCH_BYTES = 1_048_576;
const EVENT_OVERHEAD = 26;
const MAX_EVENT_BYTES = 262_144;
const MAX_SPAN_MS = 24 * 60 * 60 * 1000;

export interface StoredLogEvent {
  readonly timestamp: number;
  readonly message: string;
}

export interface RecordedCall {
  /** Operation name, e.g. `PutLogEvents`. */
  readonly operation: string;
  readonly body: Record<string, unknown>;
  readonly authorization: string;
  /** HTTP status the double answered with. */
  status: number;
  /** `__type` of the error answered, if any. */
  errorType?: string;
}

export interface CloudwatchLogsDouble {
  readonly endpoint: string;
  readonly calls: RecordedCall[];
  /** Calls of one operation, in order. */
  callsOf(operation: string): RecordedCall[];
  /** Events stored in a stream, in arrival order. */
  events(logGroupName: string, logStreamName: string): StoredLogEvent[];
  hasStream(logGroupName: string, logStreamName: string): boolean;
  /** The next `count` calls of `operation` fail with `errorType` (HTTP `status`). */
  failNext(operation: string, errorType: string, options?: { count?: number; status?: number }): void;
  /** Every call of `operation` fails with `errorType` from now on. */
  failAlways(operation: string, errorType: string, status?: number): void;
  close(): Promise<void>;
}

export async function startCloudwatchLogsDouble(
  options: { logGroups?: readonly string[]; streams?: readonly { logGroupName: string; logStreamName: string }[] } = {},
): Promise<CloudwatchLogsDouble> {
  const groups = new Map<string, Map<string, StoredLogEvent[]>>();
  for (const group of options.logGroups ?? []) groups.set(group, new Map());
  for (const { logGroupName, logStreamName } of options.streams ?? []) {
    if (!groups.has(logGroupName)) groups.set(logGroupName, new Map());
    groups.get(logGroupName)!.set(logStreamName, []);
  }
  const calls: RecordedCall[] = [];
  const injected = new Map<string, { errorType: string; status: number; remaining: number }[]>();

  const handle = (operation: string, body: Record<string, unknown>): { status: number; payload: unknown } => {
    const queue = injected.get(operation);
    const failure = queue?.[0];
    if (failure) {
      if (Number.isFinite(failure.remaining)) failure.remaining--;
      if (failure.remaining <= 0) queue!.shift();
      return error(failure.errorType, `injected ${failure.errorType}`, failure.status);
    }
    const groupName = String(body['logGroupName']);
    const streamName = String(body['logStreamName']);
    const group = groups.get(groupName);
    switch (operation) {
      case 'CreateLogStream': {
        if (!group) return error('ResourceNotFoundException', 'The specified log group does not exist.');
        if (group.has(streamName))
          return error('ResourceAlreadyExistsException', 'The specified log stream already exists');
        group.set(streamName, []);
        return { status: 200, payload: {} };
      }
      case 'PutLogEvents': {
        if (!group) return error('ResourceNotFoundException', 'The specified log group does not exist.');
        const stream = group.get(streamName);
        if (!stream) return error('ResourceNotFoundException', 'The specified log stream does not exist.');
        const events = body['logEvents'] as StoredLogEvent[];
        const problem = checkBatch(events);
        if (problem) return error('InvalidParameterException', problem);
        stream.push(...events.map((e) => ({ timestamp: e.timestamp, message: e.message })));
        return { status: 200, payload: { nextSequenceToken: String(stream.length) } };
      }
      case 'FilterLogEvents': {
        if (!group) return error('ResourceNotFoundException', 'The specified log group does not exist.');
        // Only the quoted-term form of filter patterns (what `stepster logs --remote` sends).
        const pattern = String(body['filterPattern'] ?? '');
        const term = /^"(.*)"$/.exec(pattern)?.[1] ?? pattern;
        const since = Number(body['startTime'] ?? 0);
        const events = [...group.entries()].flatMap(([logStreamName, stream]) =>
          stream
            .filter((e) => e.timestamp >= since && e.message.includes(term))
            .map((e) => ({ logStreamName, timestamp: e.timestamp, message: e.message, ingestionTime: e.timestamp })),
        );
        return { status: 200, payload: { events } };
      }
      default:
        return error('UnknownOperationException', `the double does not implement ${operation}`);
    }
  };

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const target = String(request.headers['x-amz-target'] ?? '');
      const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : target;
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      const call: RecordedCall = {
        operation,
        body,
        authorization: String(request.headers.authorization ?? ''),
        status: 0,
      };
      calls.push(call);
      const { status, payload } = handle(operation, body);
      call.status = status;
      const type = (payload as { __type?: string }).__type;
      if (type !== undefined) call.errorType = type;
      response.writeHead(status, {
        'content-type': 'application/x-amz-json-1.1',
        'x-amzn-requestid': `req-${calls.length}`,
      });
      response.end(JSON.stringify(payload));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    callsOf: (operation) => calls.filter((c) => c.operation === operation),
    events: (groupName, streamName) => [...(groups.get(groupName)?.get(streamName) ?? [])],
    hasStream: (groupName, streamName) => groups.get(groupName)?.has(streamName) === true,
    failNext(operation, errorType, opts = {}) {
      const queue = injected.get(operation) ?? [];
      queue.push({ errorType, status: opts.status ?? 400, remaining: opts.count ?? 1 });
      injected.set(operation, queue);
    },
    failAlways(operation, errorType, status = 400) {
      injected.set(operation, [{ errorType, status, remaining: Number.POSITIVE_INFINITY }]);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

function error(type: string, message: string, status = 400): { status: number; payload: unknown } {
  return { status, payload: { __type: type, message } };
}

/** The PutLogEvents rules the real service enforces; a violation means the client batched wrongly. */
function checkBatch(events: readonly StoredLogEvent[]): string | undefined {
  if (!Array.isArray(events) || events.length === 0) return 'logEvents must hold at least one event';
  if (events.length > MAX_EVENTS) return `too many events in batch: ${events.length} > ${MAX_EVENTS}`;
  let bytes = 0;
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    const size = Buffer.byteLength(event.message, 'utf8') + EVENT_OVERHEAD;
    if (size > MAX_EVENT_BYTES) return `log event ${i} is too large: ${size} bytes`;
    bytes += size;
    if (i > 0 && event.timestamp < events[i - 1]!.timestamp) {
      return 'Log events in a single PutLogEvents request must be in chronological order.';
    }
  }
  if (bytes > MAX_BATCH_BYTES) return `batch too large: ${bytes} > ${MAX_BATCH_BYTES} bytes`;
  if (events[events.length - 1]!.timestamp - events[0]!.timestamp > MAX_SPAN_MS) {
    return 'A batch of log events in a single request cannot span more than 24 hours.';
  }
  return undefined;
}
