/**
 * The phrase naming an event for metadata error messages: `Output "result"` plus
 * ` of op "load"` when the caller says where it was emitted.
 *
 * @example
 * eventWhere('Output "result"', 'op "load"') // → 'Output "result" of op "load"'
 */
export function eventWhere(self: string, where: string): string {
  return where === '' ? self : `${self} of ${where}`;
}
