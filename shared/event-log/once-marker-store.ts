/** Attribute values `putOnce` stores beside its marker. */
export type OnceAttributes = Readonly<Record<string, string | number | boolean>>;

/** One once-marker as stored: its run, its key and the attributes written with it. */
export interface OnceMarker {
  readonly runId: string;
  readonly key: string;
  readonly attrs: OnceAttributes;
  /** Whether the marker is listed by {@link OnceMarkerStore.listOpenOnce}. */
  readonly open: boolean;
}

/** Options of {@link OnceMarkerStore.putOnce}. */
export interface PutOnceOptions {
  /**
   * List the marker in {@link OnceMarkerStore.listOpenOnce} until an update closes it: a
   * claim whose holder may die keeps itself findable across runs without a table scan.
   * @default false
   */
  readonly open?: boolean;
}

/** A conditional update of a marker (see {@link OnceMarkerStore.updateOnce}). */
export interface OnceUpdate {
  /** Attributes to write (others are kept). */
  readonly set: OnceAttributes;
  /** The update applies only if the marker exists and each of these attributes has this value. */
  readonly expect: OnceAttributes;
  /** `true` lists the marker as open, `false` closes it. @default unchanged */
  readonly open?: boolean;
}

/**
 * The once-marker port of the event log: a conditional marker per run and key, so a
 * side effect (a sensor firing) happens once however often its trigger is delivered.
 * A marker may also serve as a lease-based claim: `putOnce(..., { open: true })` claims,
 * `updateOnce` with `expect` takes over or completes it (compare-and-set), and
 * `listOpenOnce` finds claims nobody completed.
 *
 * @example
 * async function fireOnce(markers: OnceMarkerStore, runId: string, notify: () => Promise<void>): Promise<void> {
 *   if (await markers.putOnce(runId, 'sensor#on_success#SUCCESS')) await notify();
 * }
 */
export interface OnceMarkerStore {
  /** Puts the marker only if absent; true for the first caller only. */
  putOnce(runId: string, key: string, attrs?: OnceAttributes, options?: PutOnceOptions): Promise<boolean>;
  /** The marker (strongly consistent read), or undefined when it was never put. */
  getOnce(runId: string, key: string): Promise<OnceMarker | undefined>;
  /** Applies `update` only if the marker's `expect` attributes match; true when it was applied. */
  updateOnce(runId: string, key: string, update: OnceUpdate): Promise<boolean>;
  /** Open markers of every run (an index read: eventually consistent; re-read one before acting on it). */
  listOpenOnce(): Promise<OnceMarker[]>;
}
