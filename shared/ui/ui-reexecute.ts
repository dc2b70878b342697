import type { Definitions } from '../definitions/definitions.js';
import type { EventLogInstance } from '../event-log/event-log-instance.js';
import { requireRun } from './run-view.js';
import type { LaunchResponse, ReexecuteRequest } from './ui-api.js';
import { UiErrorStatus, UiRequestError } from './ui-request-error.js';

/** Reads a re-execute body: `{ mode: 'from-failure' | 'all' }`. */
export function parseReexecuteRequest(body: unknown): ReexecuteRequest {
  const mode = typeof body === 'object' && body !== null ? (body as { mode?: unknown }).mode : undefined;
  if (mode !== 'from-failure' && mode !== 'all') {
    throw new UiRequestError(
      UiErrorStatus.BAD_REQUEST,
      'mode must be "from-failure" or "all", e.g. { "mode": "from-failure" }',
    );
  }
  return { mode };
}

/**
 * Re-executes a run (`POST /api/runs/:runId/reexecute`). The one place the server calls
 * re-execution: until `reexecuteFromFailure(job, runId, { instance })` lands, it checks the
 * run exists and answers 501.
 */
export async function reexecuteRun(
  context: { readonly instance: EventLogInstance; readonly definitions: Definitions },
  runId: string,
  _request: ReexecuteRequest,
): Promise<LaunchResponse> {
  await requireRun(context.instance, runId);
  throw new UiRequestError(UiErrorStatus.NOT_IMPLEMENTED, 're-execution is not available yet');
}
