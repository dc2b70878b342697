import { errorTextLines } from '../errors/error-text.js';
import { indentLines, metadataTextLines } from '../metadata/metadata-text.js';
import { EventType } from './event-type.js';

/**
 * What an event's one-line message leaves out, in full, as text lines (not indented): the error
 * with its stack and causes (for a retry, the error that caused it), a `Failure`'s description
 * and metadata, the event's metadata, a log record's extra fields and run-config issues.
 * The one rendering of event details: `stepster run`, `stepster events --full` and the colored
 * console logger all print these lines, so a failure reads the same wherever it is seen.
 *
 * @example
 * eventDetailLines('STEP_FAILURE', { error: { name: 'Failure', message: 'no files' },
 *   userFailure: { description: 'no files', metadata: { dir: { type: 'path', value: '/in' } } } });
 * // → ['Failure: no files', 'Failure metadata:', '    dir: /in']
 */
export function eventDetailLines(eventType: string, data: unknown): string[] {
  if (typeof data !== 'object' || data === null) return [];
  const d = data as Record<string, unknown>;
  const lines: string[] = [];
  if (d.error !== undefined && d.error !== null) {
    const error = errorTextLines(d.error);
    // A retry's error is why the step runs again, not why it ended.
    if (eventType === EventType.STEP_UP_FOR_RETRY && error[0] !== undefined) error[0] = `Retry cause: ${error[0]}`;
    lines.push(...error);
  }
  const userFailure = asRecord(d.userFailure);
  if (userFailure) {
    const description = userFailure.description;
    // Said already when the error (or, retries exhausted, its cause) is the Failure itself.
    if (typeof description === 'string' && description !== '' && !errorMessages(d.error).includes(description)) {
      lines.push(`Description: ${description}`);
    }
    lines.push(...block('Failure metadata:', metadataTextLines(userFailure.metadata)));
  }
  lines.push(...metadataTextLines(d.metadata));
  if (asRecord(d.extra) && Object.keys(d.extra as object).length > 0) {
    lines.push(...block('extra:', JSON.stringify(d.extra, null, 2).split('\n')));
  }
  if (Array.isArray(d.issues)) {
    lines.push(...block('issues:', d.issues.map(issueText)));
  }
  return lines;
}

function block(title: string, body: readonly string[]): string[] {
  return body.length === 0 ? [] : [title, ...indentLines(body)];
}

function errorMessages(error: unknown): unknown[] {
  const messages: unknown[] = [];
  for (let e = asRecord(error); e !== undefined && messages.length < 10; e = asRecord(e.cause))
    messages.push(e.message);
  return messages;
}

function issueText(issue: unknown): string {
  const i = asRecord(issue);
  return i && typeof i.message === 'string' ? `${String(i.path ?? '')}: ${i.message}` : JSON.stringify(issue);
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
