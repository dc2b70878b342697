import { errorMessage } from '../errors/error-message.js';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { Definitions } from '../definitions/definitions.js';
import { EventLogStore } from '../event-log/event-log-store.js';
import type { ExecutionLister } from '../lifecycle/execution-lister.js';
import {
  type StatusChangeOutcome,
  handleExecutionStatusChange,
  isExecutionStatusChangeEvent,
} from '../lifecycle/execution-status-change.js';
import { LifecycleError } from '../lifecycle/lifecycle-error.js';
import { isSweepEvent, type SweepResult, sweepClosedExecutions } from '../lifecycle/sweep-executions.js';
import { clientConfigFromEnvironment } from '../environment/client-config.js';
import type { Environment } from '../environment/environment.js';
import { StepsterEnv } from '../environment/environment-variable.js';
import { sfnExecutionLister } from './sfn-execution-lister.js';

/** Options of {@link createLifecycleLambdaHandler}. */
export interface LifecycleLambdaHandlerOptions {
  readonly definitions: Definitions;
  /** @default process.env */
  readonly env?: Environment;
  /** @default EventLogStore.fromEnvironment(env) */
  readonly store?: EventLogStore;
  /** @default ListExecutions through an SFN client (`STEPSTER_SFN_ENDPOINT` overrides its endpoint) */
  readonly listExecutions?: ExecutionLister;
  /** The clock of the sweep's window and of sensor claims' leases (tests pass a fake one). @default () => new Date() */
  readonly clock?: () => Date;
}

/** What the lifecycle function returns (visible in its logs and in tests). */
export type LifecycleResult = StatusChangeOutcome | { readonly action: 'swept'; readonly sweep: SweepResult };

/**
 * The lifecycle Lambda's handler: a "Step Functions Execution Status Change" event records
 * the run's end and fires its sensors; the scheduled `{ "stepster": "sweep" }` event sweeps
 * recently ended executions for events that never arrived, and fires again (or reports) the
 * sensors whose fire was interrupted. `STEPSTER_STATE_MACHINES` maps job names to state
 * machine ARNs. Sensor claims lease for the function's timeout, `LIFECYCLE_FUNCTION_TIMEOUT_SECONDS`,
 * which the CDK construct must set as the function's timeout.
 *
 * @example
 * // functions/run-lifecycle.ts
 * export const handler = createLifecycleLambdaHandler({ definitions });
 */
export function createLifecycleLambdaHandler(
  options: LifecycleLambdaHandlerOptions,
): (event: unknown) => Promise<LifecycleResult> {
  const env = options.env ?? process.env;
  const clock = options.clock ?? (() => new Date());
  const sensorClaims = { now: clock };
  let store = options.store;
  let listExecutions = options.listExecutions;
  const stage = env[StepsterEnv.STAGE];
  // The stage's selection: only the sensors of the jobs this stage deploys.
  const definitions = stage ? options.definitions.forStage(stage) : options.definitions;
  let stateMachines: Record<string, string> | undefined;
  let jobsByArn: Map<string, string> | undefined;
  return async (event: unknown) => {
    store ??= EventLogStore.fromEnvironment(env);
    stateMachines ??= parseStateMachines(env[StepsterEnv.STATE_MACHINES]);
    jobsByArn ??= new Map(Object.entries(stateMachines).map(([job, arn]) => [arn, job]));
    const byArn = jobsByArn;
    if (isExecutionStatusChangeEvent(event)) {
      return handleExecutionStatusChange(event.detail, {
        definitions,
        store,
        jobOf: (arn) => byArn.get(arn),
        sensorClaims,
      });
    }
    if (isSweepEvent(event)) {
      listExecutions ??= sfnExecutionLister(new SFNClient(clientConfigFromEnvironment(StepsterEnv.SFN_ENDPOINT, env)));
      const sweep = await sweepClosedExecutions({
        definitions,
        store,
        stateMachines,
        listExecutions,
        now: clock(),
        sensorClaims,
        ...numberOption('windowMinutes', env[StepsterEnv.SWEEP_WINDOW_MINUTES]),
        ...numberOption('maxRunHours', env[StepsterEnv.SWEEP_MAX_RUN_HOURS]),
      });
      return { action: 'swept', sweep };
    }
    throw new LifecycleError(
      `the lifecycle function got an event it does not handle: ${JSON.stringify(event).slice(0, 200)}; it takes Step Functions Execution Status Change events and { "stepster": "sweep" }`,
    );
  };
}

function parseStateMachines(text: string | undefined): Record<string, string> {
  if (text === undefined || text.length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return Object.fromEntries(
        Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
      );
    }
  } catch (error) {
    throw new LifecycleError(`${StepsterEnv.STATE_MACHINES} is not JSON: ${errorMessage(error)}`, {
      cause: error,
    });
  }
  throw new LifecycleError(`${StepsterEnv.STATE_MACHINES} must be a JSON object of job name → state machine ARN`);
}

function numberOption(name: string, text: string | undefined): Record<string, number> {
  const value = Number(text);
  return text !== undefined && text.length > 0 && Number.isFinite(value) && value > 0 ? { [name]: value } : {};
}
