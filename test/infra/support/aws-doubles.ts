// Protocol doubles on 127.0.0.1 for the AWS APIs the deployed functions call besides DynamoDB
// (Step Functions has no local server; aws-local-stepfunctions is a library), and a recording
// proxy in front of dynalite. Each function gets its own endpoint path (`/<function>/`), the
// way each Lambda has its own role, so the tests can check every call against that role.
import { createServer, type IncomingMessage, request, type Server } from 'node:http';

/** One AWS API call a function made. */
export interface RecordedCall {
  /** The function (endpoint path) that made the call. */
  readonly caller: string;
  /** IAM action, e.g. `dynamodb:BatchWriteItem`, `states:SendTaskSuccess`. */
  readonly action: string;
  /** DynamoDB: the index a Query read. */
  readonly indexName?: string;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function callerOf(url: string | undefined): string {
  return decodeURIComponent((url ?? '/').split('/').filter(Boolean)[0] ?? 'unknown');
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return `http://127.0.0.1:${address.port}`;
}

/** A proxy to a DynamoDB endpoint (dynalite) that records each call's caller and action. */
export interface DynamoProxy {
  endpointFor(caller: string): string;
  readonly calls: RecordedCall[];
  close(): Promise<void>;
}

export async function startDynamoProxy(target: string): Promise<DynamoProxy> {
  const calls: RecordedCall[] = [];
  const targetUrl = new URL(target);
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? 'Unknown';
    let indexName: string | undefined;
    try {
      indexName = (JSON.parse(body.toString('utf8')) as { IndexName?: string }).IndexName;
    } catch {
      indexName = undefined;
    }
    calls.push({ caller: callerOf(req.url), action: `dynamodb:${operation}`, ...(indexName ? { indexName } : {}) });
    const headers = { ...req.headers, host: targetUrl.host };
    const forward = request(
      { host: targetUrl.hostname, port: targetUrl.port, path: '/', method: req.method, headers },
      (upstream) => {
        res.writeHead(upstream.statusCode ?? 500, upstream.headers);
        upstream.pipe(res);
      },
    );
    forward.on('error', (error) => {
      res.writeHead(500);
      res.end(String(error));
    });
    forward.end(body);
  });
  const endpoint = await listen(server);
  return {
    endpointFor: (caller) => `${endpoint}/${encodeURIComponent(caller)}`,
    calls,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** An execution as the Step Functions double lists it. */
export interface DoubleExecution {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly status: string;
  readonly startDate: Date;
  readonly stopDate?: Date;
}

/** The Step Functions JSON protocol, as much as stepster's functions and CLI use. */
export interface StepFunctionsDouble {
  endpointFor(caller: string): string;
  readonly calls: RecordedCall[];
  /** Resolves once SendTaskSuccess released `token` (at once if it already was). */
  waitForToken(token: string): Promise<void>;
  /** What ListExecutions returns for a state machine, newest first. */
  setExecutions(stateMachineArn: string, executions: readonly DoubleExecution[]): void;
  /** What ListStateMachines returns. */
  setStateMachines(stateMachines: readonly { name: string; stateMachineArn: string }[]): void;
  /** StartExecution requests received. */
  readonly started: { stateMachineArn: string; name?: string; input?: string }[];
  /** RedriveExecution requests received. */
  readonly redriven: { executionArn: string }[];
  close(): Promise<void>;
}

export async function startStepFunctionsDouble(): Promise<StepFunctionsDouble> {
  const calls: RecordedCall[] = [];
  const released = new Set<string>();
  const waiting = new Map<string, () => void>();
  const executions = new Map<string, readonly DoubleExecution[]>();
  let stateMachines: readonly { name: string; stateMachineArn: string }[] = [];
  const started: { stateMachineArn: string; name?: string; input?: string }[] = [];
  const redriven: { executionArn: string }[] = [];
  const reply = (res: import('node:http').ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
    res.end(JSON.stringify(body));
  };
  const server = createServer(async (req, res) => {
    const body = JSON.parse((await readBody(req)).toString('utf8') || '{}') as Record<string, unknown>;
    const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? 'Unknown';
    calls.push({ caller: callerOf(req.url), action: `states:${operation}` });
    if (operation === 'SendTaskSuccess') {
      const token = String(body.taskToken);
      if (released.has(token)) return reply(res, 400, { __type: 'TaskTimedOut', message: 'Task Timed Out' });
      released.add(token);
      waiting.get(token)?.();
      return reply(res, 200, {});
    }
    if (operation === 'ListExecutions') {
      const list = executions.get(String(body.stateMachineArn)) ?? [];
      return reply(res, 200, {
        executions: list.map((e) => ({
          executionArn: e.executionArn,
          stateMachineArn: e.stateMachineArn,
          name: e.name,
          status: e.status,
          startDate: e.startDate.getTime() / 1000,
          ...(e.stopDate ? { stopDate: e.stopDate.getTime() / 1000 } : {}),
        })),
      });
    }
    if (operation === 'ListStateMachines') {
      return reply(res, 200, {
        stateMachines: stateMachines.map((s) => ({ ...s, type: 'STANDARD', creationDate: Date.now() / 1000 })),
      });
    }
    if (operation === 'StartExecution') {
      const entry = {
        stateMachineArn: String(body.stateMachineArn),
        ...(typeof body.name === 'string' ? { name: body.name } : {}),
        ...(typeof body.input === 'string' ? { input: body.input } : {}),
      };
      started.push(entry);
      return reply(res, 200, {
        executionArn: `${entry.stateMachineArn.replace(':stateMachine:', ':execution:')}:${entry.name ?? 'generated'}`,
        startDate: Date.now() / 1000,
      });
    }
    if (operation === 'RedriveExecution') {
      redriven.push({ executionArn: String(body.executionArn) });
      return reply(res, 200, { redriveDate: Date.now() / 1000 });
    }
    return reply(res, 400, {
      __type: 'UnknownOperationException',
      message: `the double does not implement ${operation}`,
    });
  });
  const endpoint = await listen(server);
  return {
    endpointFor: (caller) => `${endpoint}/${encodeURIComponent(caller)}`,
    calls,
    waitForToken: (token) =>
      released.has(token) ? Promise.resolve() : new Promise<void>((resolve) => waiting.set(token, resolve)),
    setExecutions: (arn, list) => executions.set(arn, list),
    setStateMachines: (list) => {
      stateMachines = list;
    },
    started,
    redriven,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
