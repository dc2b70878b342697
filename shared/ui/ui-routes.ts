import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Definitions } from '../definitions/definitions.js';
import type { EventLogInstance } from '../event-log/event-log-instance.js';
import { isRunStatus, type RunStatus } from '../event-log/run-record.js';
import { assetResponse, assetsResponse } from './asset-view.js';
import { jobResponse, jobsResponse } from './job-view.js';
import { queryRuns } from './run-query.js';
import { runEventsResponse, runResponse, runRow } from './run-view.js';
import { UiApi } from './ui-api.js';
import { parseLaunchRequest, type UiLauncher } from './ui-launcher.js';
import { parseReexecuteRequest, reexecuteRun } from './ui-reexecute.js';
import { UiErrorStatus, UiRequestError } from './ui-request-error.js';

/** What the JSON API reads and starts runs with. */
export interface UiRouteContext {
  readonly instance: EventLogInstance;
  readonly definitions: Definitions;
  readonly launcher: UiLauncher;
}

/** The largest request body accepted (a run config with room to spare). */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Adds every path of `UiApi` to `app`. Reads answer the JSON of ui-api.ts; the two POSTs
 * are guarded before they get here (ui-server.ts) and take a JSON body.
 */
export function addApiRoutes(app: Hono, context: UiRouteContext): void {
  const { instance, definitions, launcher } = context;
  const param = (c: Context, name: string): string => c.req.param(name) ?? '';

  app.get(UiApi.runs, async (c) => {
    const runs = await queryRuns(instance, {
      ...(c.req.query('job') ? { jobName: c.req.query('job') } : {}),
      statuses: parseStatuses(c.req.queries('status') ?? []),
      tags: parseTagFilter(c.req.queries('tag') ?? []),
      ...(c.req.query('limit') !== undefined ? { limit: parseLimit(c.req.query('limit') ?? '') } : {}),
    });
    const now = Date.now();
    return c.json({ runs: runs.map((run) => runRow(run, now)) });
  });
  app.get(UiApi.run, async (c) => c.json(await runResponse(instance, definitions, param(c, 'runId'))));
  app.get(UiApi.runEvents, async (c) =>
    c.json(await runEventsResponse(instance, param(c, 'runId'), c.req.query('after') || undefined)),
  );
  app.get(UiApi.jobs, async (c) => c.json(await jobsResponse(instance, definitions)));
  app.get(UiApi.job, async (c) => c.json(await jobResponse(instance, definitions, param(c, 'jobName'))));
  app.get(UiApi.assets, async (c) => c.json(await assetsResponse(instance, definitions)));
  app.get(UiApi.asset, async (c) => c.json(await assetResponse(instance, definitions, param(c, 'assetKey'))));

  const limit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new UiRequestError(
        UiErrorStatus.PAYLOAD_TOO_LARGE,
        `the request body is over ${MAX_BODY_BYTES} bytes: send a smaller run config`,
      );
    },
  });
  app.post(UiApi.launch, limit, async (c) => {
    const request = parseLaunchRequest(await jsonBody(c));
    return c.json(await launcher.launch(param(c, 'jobName'), request), 201);
  });
  app.post(UiApi.reexecute, limit, async (c) => {
    const request = parseReexecuteRequest(await jsonBody(c));
    return c.json(await reexecuteRun({ instance, definitions }, param(c, 'runId'), request), 201);
  });
}

async function jsonBody(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UiRequestError(UiErrorStatus.BAD_REQUEST, 'the request body is not valid JSON', { cause: error });
  }
}

function parseStatuses(values: readonly string[]): RunStatus[] {
  return values.map((value) => {
    if (!isRunStatus(value)) {
      throw new UiRequestError(
        UiErrorStatus.BAD_REQUEST,
        `status=${value} is not a run status: use QUEUED, STARTED, SUCCESS, FAILURE or CANCELED`,
      );
    }
    return value;
  });
}

function parseTagFilter(values: readonly string[]): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const value of values) {
    const i = value.indexOf('=');
    if (i <= 0)
      throw new UiRequestError(UiErrorStatus.BAD_REQUEST, `tag=${value}: use tag=key=value, e.g. tag=team=data`);
    tags[value.slice(0, i)] = value.slice(i + 1);
  }
  return tags;
}

function parseLimit(value: string): number {
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1) {
    throw new UiRequestError(
      UiErrorStatus.BAD_REQUEST,
      `limit=${value} must be a positive whole number, e.g. limit=50`,
    );
  }
  return limit;
}
