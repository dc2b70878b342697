import { maskSecrets, maskSecretsDeep } from './secret-mask.js';
import { shortenJson } from './shorten-json.js';
import { shortenText } from './shorten-text.js';

/** Step Functions keeps at most this many characters of a Task's `Error` (Lambda's errorType). */
export const STEP_FUNCTIONS_ERROR_MAX_LENGTH = 256;
/** Step Functions keeps at most this many characters of a Task's `Cause` (Lambda's error JSON). */
export const STEP_FUNCTIONS_CAUSE_MAX_LENGTH = 32_768;

/** What Lambda reports of an error a handler threw; Step Functions gets it as `Cause` (JSON). */
export interface LambdaErrorReport {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace: readonly string[];
}

/**
 * Lambda's report of `error` (`{ errorType, errorMessage, trace }`), shortened by the rule of
 * `shortenText` so that its JSON fits Step Functions' `Cause` whole: a Cause cut by Step
 * Functions would no longer parse, and the Catch and the retry's Wait read it. The message
 * keeps its head; the longest texts (message, the stack's first line) give way first.
 *
 * @example
 * const cause = JSON.stringify(lambdaErrorReport(new Error('x'.repeat(1_000_000))));
 * cause.length <= STEP_FUNCTIONS_CAUSE_MAX_LENGTH; // true
 */
export function lambdaErrorReport(error: unknown): LambdaErrorReport {
  const thrown = error instanceof Error ? error : new Error(String(error));
  // Fetched secret values become `***` before shortening: the Cause lands in the execution's
  // history and, through the crash report, in the event log.
  const report: LambdaErrorReport = {
    errorType: shortenText(maskSecrets(String(thrown.name)), STEP_FUNCTIONS_ERROR_MAX_LENGTH),
    errorMessage: maskSecrets(String(thrown.message)),
    trace: maskSecrets(typeof thrown.stack === 'string' ? thrown.stack : '').split('\n'),
  };
  // UTF-8 bytes are at least as many as characters, so a report that fits in bytes fits in characters.
  return shortenJson(report, STEP_FUNCTIONS_CAUSE_MAX_LENGTH) as LambdaErrorReport;
}

/**
 * An error for Lambda's runtime to report: `error` itself when its report already fits and
 * nothing in it (message, stack, cause, fields) holds a fetched secret value; else a copy with
 * the same name and the shortened, masked message and stack of {@link lambdaErrorReport}, whose
 * cause is `error` masked (the runtime may print causes; the original still holds the secret).
 *
 * @example
 * export const handler = async (event) => {
 *   try { return await run(event); } catch (error) { throw errorFittingLambdaReport(error); }
 * };
 */
export function errorFittingLambdaReport(error: unknown): unknown {
  // `error` itself when it holds no secret value.
  const shown = maskSecretsDeep(error);
  const report = lambdaErrorReport(shown);
  if (shown instanceof Error && report.errorMessage === shown.message && report.errorType === shown.name) {
    if (report.trace.join('\n') === (shown.stack ?? '')) return shown;
  }
  const fitted = new Error(report.errorMessage, { cause: shown });
  fitted.name = report.errorType;
  fitted.stack = report.trace.join('\n');
  return fitted;
}

/**
 * `handlers` with each one's thrown errors passed through {@link errorFittingLambdaReport}: what
 * the Lambda entry points export, so Step Functions gets every Cause whole.
 *
 * @example
 * export const handlers = withErrorsFittingLambdaReport({ opTask: async (event) => run(event) });
 */
export function withErrorsFittingLambdaReport<H extends object>(handlers: H): H {
  const wrapped: Record<string, unknown> = {};
  for (const [name, handler] of Object.entries(handlers)) {
    wrapped[name] =
      typeof handler === 'function'
        ? async (...args: unknown[]) => {
            try {
              return await handler(...args);
            } catch (error) {
              throw errorFittingLambdaReport(error);
            }
          }
        : handler;
  }
  return wrapped as H;
}
