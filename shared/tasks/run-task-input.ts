import type { RunConfig } from '../definitions/index.js';

/** The state every op Task receives (the output of the run-start state, plus Catch results). */
export interface RunTaskInput {
  readonly runId: string;
  readonly jobName: string;
  readonly runConfig: RunConfig;
  readonly tags: Readonly<Record<string, string>>;
}
