import { StepsterError } from './stepster-error.js';

/**
 * A dynamic output's mapping key that cannot name a mapped step: not matching
 * `^[A-Za-z0-9_]+$`, used twice by one op, or one key too many for one fan-out.
 *
 * @example
 * throw new MappingKeyError('mapping key "a-b" of output "items" is invalid: use letters, digits and underscores, e.g. "a_b"');
 */
export class MappingKeyError extends StepsterError {
  override readonly name = 'MappingKeyError' as const;
}
