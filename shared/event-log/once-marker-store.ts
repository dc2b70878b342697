/** Attribute values `putOnce` stores beside its marker. */
export type OnceAttributes = Readonly<Record<string, string | number | boolean>>;

/**
 * The once-marker port of the event log: a conditional marker per run and key, so a
 * side effect (a sensor firing) happens once however often its trigger is delivered.
 *
 * @example
 * async function fireOnce(markers: OnceMarkerStore, runId: string, notify: () => Promise<void>): Promise<void> {
 *   if (await markers.putOnce(runId, 'sensor#on_success#SUCCESS')) await notify();
 * }
 */
export interface OnceMarkerStore {
  /** Puts the marker only if absent; true for the first caller only. */
  putOnce(runId: string, key: string, attrs?: OnceAttributes): Promise<boolean>;
}
