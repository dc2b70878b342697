import type { EventRecord } from '../../event-log/event-record.js';
import type { SerializedError } from '../../errors/serialized-error.js';
import { h } from './dom.js';
import { formatTime } from './format.js';
import { foldedJson, metadataView } from './metadata-view.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isSerializedError(value: unknown): value is SerializedError {
  return isRecord(value) && typeof value.name === 'string' && typeof value.message === 'string';
}

/** An error with its stack and its cause chain (`RetriesExhausted` ← the last attempt's error). */
export function errorView(error: SerializedError): HTMLElement {
  const parts: HTMLElement[] = [];
  let current: SerializedError | undefined = error;
  for (let depth = 0; current !== undefined && depth < 10; depth++) {
    parts.push(
      h(
        'div',
        { class: 'error-level' },
        h(
          'div',
          { class: 'error-title' },
          depth > 0 ? 'Caused by: ' : '',
          h('strong', null, current.name),
          `: ${current.message}`,
        ),
        current.stack ? h('pre', { class: 'stack' }, current.stack) : null,
      ),
    );
    current = isSerializedError(current.cause) ? current.cause : undefined;
  }
  return h('div', { class: 'error-chain' }, ...parts);
}

// Fields shown in their own way below; the rest of `data` is shown as small facts or folded JSON.
const HANDLED = new Set(['metadata', 'error', 'userFailure', 'secondsToWait', 'retryAt']);

function facts(data: Record<string, unknown>): HTMLElement | null {
  const rest = Object.entries(data).filter(([key]) => !HANDLED.has(key));
  if (rest.length === 0) return null;
  return h(
    'div',
    { class: 'facts' },
    ...rest.map(([key, value]) =>
      value !== null && typeof value === 'object'
        ? foldedJson(value, key)
        : h('span', { class: 'fact' }, h('span', { class: 'fact-key' }, key), ` ${String(value)}`),
    ),
  );
}

/**
 * What an event carries beyond its message: Failure description and metadata, the error with
 * stack trace and causes, the retry's wait, the event's metadata, and its other data.
 */
export function eventDetails(event: EventRecord): HTMLElement | null {
  const data = event.data;
  if (!data || Object.keys(data).length === 0) return null;
  const parts: (HTMLElement | null)[] = [];
  if (typeof data.secondsToWait === 'number') {
    const when = typeof data.retryAt === 'string' ? ` (at ${formatTime(data.retryAt)})` : '';
    parts.push(h('div', { class: 'retry' }, `Retrying in ${data.secondsToWait}s${when}.`));
  }
  if (isRecord(data.userFailure)) {
    const description = data.userFailure.description;
    parts.push(
      h(
        'div',
        { class: 'user-failure' },
        typeof description === 'string' ? h('div', { class: 'failure-description' }, description) : null,
        metadataView(data.userFailure.metadata),
      ),
    );
  }
  if (isSerializedError(data.error)) parts.push(errorView(data.error));
  parts.push(metadataView(data.metadata), facts(data));
  const shown = parts.filter((part): part is HTMLElement => part !== null);
  return shown.length === 0 ? null : h('div', { class: 'event-details' }, ...shown);
}
