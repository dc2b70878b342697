import { StepsterError } from '../../errors/stepster-error.js';

/**
 * A partition key that is not one of a partitions definition's keys (unknown, malformed, or
 * not yet complete), or a range whose ends are out of order. The message names the key and
 * gives a valid one.
 */
export class PartitionKeyError extends StepsterError {
  override readonly name = 'PartitionKeyError' as const;
}
