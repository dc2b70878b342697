import type { ResourceSet } from '../resources/resource-set.js';
import type { AnyAssetDefinition } from '../definitions/asset-definition.js';
import { assetKeysByOutput } from '../definitions/asset-specs-of.js';
import type { NodeSpec } from '../definitions/graph-builder.js';
import { OpExecutionContext } from '../definitions/op-execution-context.js';
import type { EventEntry } from '../event-log/event-entry.js';
import type { StepAttemptStore } from '../event-log/step-attempt-store.js';
import type { OpLog } from '../definitions/op-log.js';
import { StepEvents } from '../events/step-events.js';
import type { LoggerDefinition } from '../loggers/logger-definition.js';
import { settleCheckResults } from './check-results.js';
import type { AssetRecordStore } from '../event-log/asset-record-store.js';
import { type AssetStepPreparation, prepareAssetStep } from './asset-provenance.js';
import { CLAIM_MARGIN_MS, claimOrAwait } from './claim-attempt.js';
import { concludeFailedChecks } from './conclude-failed-checks.js';
import { commitAttempt, type ConcludeDeps, concludeFailure, concludeSuccess } from './conclude-attempt.js';
import { handleCrashReport, isCrashReport } from './crash-report.js';
import { releaseGatedChildren } from './gate-release.js';
import { findUnstorable, journalToEvents } from './journal-events.js';
import { loadInputs } from './load-inputs.js';
import { type ManagedOutputDeps, loadManagedInputs, storeManagedOutputs } from './managed-outputs.js';
import type { OutputReference } from '../event-log/output-reference.js';
import type { JournalEntry } from './op-journal.js';
import { openStepLog } from './op-step-log.js';
import { type AttemptReading, type LoadedInput, readAttempt } from './read-attempt.js';
import { RunEventScope } from '../event-log/event-key.js';
import { RetryScheduled } from './retry-scheduled.js';
import { runOpBody } from './run-op-body.js';
import { handleMappingKeysTask, mappedStepSpec } from './mapping-keys.js';
import { mappedStepKey, nodeOfStepKey } from '../definitions/mapped-step-key.js';
import { UnselectedInputError } from './unselected-input-error.js';
import { skipUnselectedStep } from './unselected-step.js';
import { isStepSelected, selectedStepsOf } from '../definitions/op-selection.js';
import { StepEventWriter } from './step-event-writer.js';
import type { OpInvocation, OpTaskInput, OpTaskResult, RunTaskInput } from './task-payloads.js';

/** What an op attempt touches: the step-attempt, gate and asset-record ports, the run's loggers and resources. */
export interface OpTaskDeps extends ConcludeDeps {
  readonly steps: StepAttemptStore;
  readonly assets: AssetRecordStore;
  readonly loggerDefs: Readonly<Record<string, LoggerDefinition>>;
  /** Set up on first use, once per container; the body gets the keys its op requires. */
  readonly resources: ResourceSet;
}

/**
 * One op attempt, as its Lambda runs it, in five phases: read the attempt (one read: step
 * states and inputs), load its inputs, run the body, turn the journal into events, and
 * conclude (one batched write of events, outputs and step state; then release gated
 * children). Invoked by the crash-report state with the Catch's error, it records the crash instead and runs no user code.
 */
export async function handleOpTask(
  deps: OpTaskDeps,
  opNode: string,
  input: OpTaskInput,
  invocation: OpInvocation = {},
): Promise<OpTaskResult> {
  const { runId } = input;
  if (input.readMappingKeys) return handleMappingKeysTask(deps, opNode, runId);
  // Inside a Map state one node runs as many steps; the step key names all that is the step's own.
  const nodeName = input.mappingKey === undefined ? opNode : mappedStepKey(opNode, input.mappingKey);
  if (isCrashReport(input.c)) return handleCrashReport(deps, nodeName, runId, input.c);
  const node =
    input.mappingKey === undefined ? deps.job.node(opNode) : mappedStepSpec(deps.job.node(opNode), input.mappingKey);
  // The Map of a mapped op iterates every key even when a re-execution selects some items
  // (`process[b]`): an item left out ends here at the cost of one read and one write, its state
  // pointing at the run whose output it reuses, so the collect still reads every item in order.
  if (!isStepSelected(selectedStepsOf(input.tags), nodeName))
    return skipUnselectedStep(deps, runId, nodeName, input.tags);

  const reading = await readAttempt(deps.steps, runId, node);
  switch (reading.kind) {
    case 'replayed':
      // The winner may have stopped before releasing its gates; releasing twice is harmless.
      await releaseGatedChildren(deps, runId, nodeName);
      return { op: nodeName, status: reading.own.status, attempt: reading.own.attempt, replayed: true };
    case 'blocked': {
      // Not a step event (Dagster writes none for a step behind a failure): a run-level scope of its own.
      const writer = new StepEventWriter(runId, `${RunEventScope.BLOCKED}${nodeName}`, 0, undefined);
      writer.add(StepEvents.dependenciesFailed(nodeName, reading.blockedBy, reading.failedChecks));
      return commitAttempt(deps, runId, nodeName, writer, { status: 'BLOCKED', attempt: 0, endTime: now() });
    }
    case 'skipped': {
      const writer = new StepEventWriter(runId, nodeName, reading.attempt, nodeName);
      writer.add(StepEvents.skipped(nodeName, reading.skippedDependencies, reading.missingInputs));
      return commitAttempt(deps, runId, nodeName, writer, {
        status: 'SKIPPED',
        attempt: reading.attempt,
        endTime: now(),
      });
    }
    case 'ready': {
      const leaseMs = node.op.lambda.timeoutSeconds * 1000 + CLAIM_MARGIN_MS;
      const claim = await claimOrAwait(deps.steps, runId, nodeName, reading.attempt, {
        leaseMs,
        ...(invocation.requestId ? { owner: invocation.requestId } : {}),
      });
      if (claim.won) return runAttempt(deps, node, input, reading, invocation);
      // A duplicate delivery: the winner ran the body; answer as it did.
      const settled = claim.settled;
      if (settled.status === 'UP_FOR_RETRY') throw new RetryScheduled(settled.retryAt ?? new Date().toISOString());
      await releaseGatedChildren(deps, runId, nodeName);
      return { op: nodeName, status: settled.status, attempt: settled.attempt, replayed: true };
    }
  }
}

async function runAttempt(
  deps: OpTaskDeps,
  node: NodeSpec,
  input: RunTaskInput,
  reading: Extract<AttemptReading, { kind: 'ready' }>,
  invocation: OpInvocation,
): Promise<OpTaskResult> {
  const { attempt: attemptNumber, inputs } = reading;
  const attempt = { number: attemptNumber, startTime: now(), startedMs: Date.now() };
  const writer = new StepEventWriter(input.runId, node.name, attemptNumber, node.name);
  writer.add(attemptNumber === 1 ? StepEvents.start(node.name) : StepEvents.restarted(node.name, attemptNumber));

  const journal: JournalEntry[] = [];
  // Open before the asset preparation, so that a failure there reaches the loggers too.
  const stepLog = await openStepLog(deps, input, node.name, attemptNumber, journal, invocation.requestId);
  // An asset step reads its upstreams' versions and the values of upstreams its job does not
  // run before its body: a failure here fails the attempt like its body would.
  let preparation: AssetStepPreparation | undefined;
  let prepareFailure: unknown;
  try {
    if (reading.unselectedInputs.length > 0 && node.op.asset === undefined) {
      throw new UnselectedInputError(
        `op "${node.name}" inputs ${reading.unselectedInputs.map((name) => `"${name}"`).join(', ')} read steps this run's selection leaves out, and no earlier run produced them: select their upstream steps too`,
      );
    }
    preparation = await prepareAssetStep(deps, node, input, reading.upstream, reading.unselectedInputs);
  } catch (error) {
    prepareFailure = error;
  }
  const allInputs = [...inputs, ...(preparation?.storedInputs ?? [])];
  const failure =
    prepareFailure === undefined
      ? await runBody(deps, node, input, attemptNumber, allInputs, reading.gather, writer, journal, stepLog.log)
      : prepareFailure;
  const deliveryErrors = await stepLog.close();

  // Asset checks: each declared check has its one result, and blocking ones may fail the step.
  const checks = failure === undefined ? settleCheckResults(node.op, node.name, journal) : undefined;
  let failed = failure !== undefined || checks?.error !== undefined;
  // Outputs go to their IO managers before the commit, which then records only references.
  let references = new Map<string, OutputReference>();
  let storeFailure: unknown;
  if (!failed) {
    try {
      references = await storeManagedOutputs(managedDeps(deps, input), input.runId, node, journal);
    } catch (error) {
      storeFailure = error;
      failed = true;
    }
  }
  const outputs = journalToEvents(writer, journal, {
    references,
    failed,
    deliveryErrors,
    where: `op "${node.name}"`,
    ...(node.op.asset ? { assetKeys: assetKeysByOutput(node.op as AnyAssetDefinition) } : {}),
    ...(preparation ? { provenance: preparation.provenance } : {}),
  });
  const unstorable = failed ? undefined : findUnstorable(outputs);
  failed ||= unstorable !== undefined;

  const failedChecks = checks?.failedBlocking ?? [];
  if (!failed && failedChecks.length > 0) {
    return concludeLogged(stepLog, writer, () =>
      concludeFailedChecks(deps, input.runId, node.name, writer, attempt, outputs, failedChecks),
    );
  }
  if (!failed) return concludeSuccess(deps, input.runId, node.name, writer, attempt, outputs);
  return concludeLogged(stepLog, writer, () =>
    concludeFailure(
      deps,
      input.runId,
      node.name,
      writer,
      attempt,
      failure ?? checks?.error ?? storeFailure ?? unstorable,
    ),
  );
}

/**
 * Concludes a failed attempt, then tells the loggers its STEP_FAILURE, or its STEP_UP_FOR_RETRY
 * when the conclusion hands the retry to the state machine (RetryScheduled). Told only once
 * committed: a conclusion that could not write its events is re-run, and would be told twice.
 */
async function concludeLogged(
  stepLog: { logEvents(entries: readonly EventEntry[]): Promise<void> },
  writer: StepEventWriter,
  conclude: () => Promise<OpTaskResult>,
): Promise<OpTaskResult> {
  try {
    const result = await conclude();
    await stepLog.logEvents(writer.events);
    return result;
  } catch (error) {
    if (error instanceof RetryScheduled) await stepLog.logEvents(writer.events);
    throw error;
  }
}

/**
 * Phase 3: loads the inputs, builds the op's context and runs its body, journaling what it
 * does. Whatever the body throws is returned, not thrown: the journal up to the throw is kept.
 */
async function runBody(
  deps: OpTaskDeps,
  node: NodeSpec,
  input: RunTaskInput,
  attempt: number,
  inputs: readonly LoadedInput[],
  gather: (loaded: readonly LoadedInput[]) => LoadedInput[],
  writer: StepEventWriter,
  journal: JournalEntry[],
  log: OpLog,
): Promise<unknown> {
  let failure: unknown;
  try {
    const values = loadInputs(node, gather(await loadManagedInputs(managedDeps(deps, input), node, inputs)), writer);
    const context = new OpExecutionContext({
      runId: input.runId,
      jobName: deps.job.name,
      opName: nodeOfStepKey(node.name),
      opConfig: parseOpConfig(node.op.configSchema, input.runConfig.ops?.[nodeOfStepKey(node.name)]?.config),
      tags: { ...input.tags },
      retryNumber: attempt - 1,
      resources: await deps.resources.forKeys(node.op.requiredResourceKeys, input.runConfig.resources),
      log,
    });
    await runOpBody(node.op, node.name, context, values, journal);
  } catch (error) {
    failure = error;
  }
  return failure;
}

function parseOpConfig(schema: { parse(value: unknown): unknown } | undefined, config: unknown): unknown {
  // Run start validated it already; parsing again applies zod defaults and transforms.
  return schema ? schema.parse(config ?? {}) : (config ?? {});
}

function managedDeps(deps: OpTaskDeps, input: RunTaskInput): ManagedOutputDeps {
  return { resources: deps.resources, ...(input.runConfig.resources ? { overrides: input.runConfig.resources } : {}) };
}

function now(): string {
  return new Date().toISOString();
}
