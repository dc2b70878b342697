// Times in the page: the user's local zone, to the second, like Dagster's UI.
const timeFormat = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** An ISO time as local date and time; the raw string when it does not parse. */
export function formatTime(iso: string | undefined): string {
  if (iso === undefined) return '';
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : timeFormat.format(time);
}

/**
 * A duration in milliseconds, short.
 *
 * @example
 * formatDuration(83_000) // → '1m 23s'
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return `${(ms / 1000).toFixed(seconds < 10 ? 1 : 0)}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${seconds % 60}s`;
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}

/** The in-app path of an asset page: each key component a path segment. */
export function assetPath(key: string): string {
  return `/assets/${key.split('/').map(encodeURIComponent).join('/')}`;
}

/** The in-app path of a run page. */
export function runPath(runId: string): string {
  return `/runs/${encodeURIComponent(runId)}`;
}

/** The in-app path of a job page. */
export function jobPath(jobName: string): string {
  return `/jobs/${encodeURIComponent(jobName)}`;
}
