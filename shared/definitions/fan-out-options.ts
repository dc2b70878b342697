/** How a job's Map states run their items. */
export const FanOutMode = {
  /** An inline Map: items run in the job's own execution, at most 40 at once. */
  INLINE: 'INLINE',
  /**
   * A Distributed Map: each item runs in a child execution, up to thousands at once, and each
   * keeps its own 25,000-event history, so fan-outs of thousands of items stay within limits.
   * The CDK app grants the state machine the right to start its child executions.
   */
  DISTRIBUTED: 'DISTRIBUTED',
} as const;
export type FanOutMode = (typeof FanOutMode)[keyof typeof FanOutMode];

/** Items of one Map state that run at once, by mode (inline Maps never exceed 40 on AWS). */
export const DEFAULT_FAN_OUT_CONCURRENCY: Readonly<Record<FanOutMode, number>> = {
  INLINE: 40,
  // The default Lambda concurrency of an account: more would only be throttled.
  DISTRIBUTED: 1000,
};

/**
 * How a job's mapped ops (`.map(...)`) run, on `job({ fanOut })` or `compileJob(job, { fanOut })`.
 *
 * @example
 * job({ name: 'big_fan', fanOut: { mode: FanOutMode.DISTRIBUTED, maxConcurrency: 500 } }, () => { ... });
 */
export interface FanOutOptions {
  /** @default FanOutMode.INLINE */
  readonly mode?: FanOutMode;
  /**
   * Items of one Map state that run at once.
   * @default 40 inline, 1000 distributed
   */
  readonly maxConcurrency?: number;
}
