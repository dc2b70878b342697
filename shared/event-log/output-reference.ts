/**
 * Where an IO manager other than the event log stored an output: the resource key of the
 * manager that reads it back, and the value's address (`s3://bucket/prefix/<run>/<step>/<output>`).
 * The output item keeps only this, so the commit stays one atomic batch and readers still
 * find every output by its key in the run's partition.
 */
export interface OutputReference {
  /** The resource key of the IO manager, e.g. `io_manager` or the output's `ioManagerKey`. */
  readonly manager: string;
  readonly uri: string;
}
