import type { ReexecuteRequest } from './ui-api.js';
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
