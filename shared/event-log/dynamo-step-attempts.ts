import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { type AttemptClaim, type ClaimOutcome, claimToItem, itemToClaim } from './attempt-claim.js';
import { isConditionalCheckFailure } from './conditional-check.js';
import { assetRegistryItems } from './asset-registry-item.js';
import { eventToItem } from './event-item.js';
import type { EventTableClient } from './event-table-client.js';
import type { TableItem } from './item-attributes.js';
import { assembleChunkedOutput, decodeOutputItem, outputToItems } from './output-item.js';
import type { StepAttemptCommit } from './step-attempt-commit.js';
import type { StepAttemptStore } from './step-attempt-store.js';
import type { OutputLookup, StepContext, StepContextRequest } from './step-context.js';
import { itemToStep, stepItemNode, stepToItem } from './step-item.js';
import type { StepState } from './step-state.js';
import { TableKeys } from './table-keys.js';

/**
 * {@link StepAttemptStore} over the event table: step items `S#<node>`, output items and the
 * attempt's events, all in the run's partition so one BatchGetItem/BatchWriteItem covers an attempt.
 *
 * @example
 * const steps = new DynamoStepAttempts(new EventTableClient({ client, tableName }));
 * const states = await steps.getStepStates(runId);
 */
export class DynamoStepAttempts implements StepAttemptStore {
  constructor(private readonly table: EventTableClient) {}

  /**
   * Everything an op attempt needs before it runs, in one strongly consistent BatchGetItem:
   * its own step state, its upstream steps' states, and its input values.
   * Chunked (large) outputs need a second read, only then.
   *
   * @example
   * const { own, upstream, outputs } = await steps.readStepContext(runId, 'transform', {
   *   upstream: ['fetch_sales'], inputs: [{ node: 'fetch_sales', output: 'rows' }] });
   * const rows = outputs.get('fetch_sales.rows')?.value;
   */
  async readStepContext(runId: string, node: string, request: StepContextRequest): Promise<StepContext> {
    const ownKey = TableKeys.stepSort(node);
    const claimKey = TableKeys.claimSort(node);
    const upstreamKeys = request.upstream.map((name) => TableKeys.stepSort(name));
    const outputKeys = request.inputs.map((input) => TableKeys.outputSort(input.node, input.output));
    const items = await this.table.readItems(runId, [ownKey, claimKey, ...upstreamKeys, ...outputKeys]);

    const ownItem = items.get(ownKey);
    const claimItem = items.get(claimKey);
    const upstream: Record<string, StepState | undefined> = {};
    request.upstream.forEach((name, index) => {
      const item = items.get(upstreamKeys[index] ?? '');
      upstream[name] = item === undefined ? undefined : itemToStep(item);
    });

    const outputs = await this.decodeOutputs(runId, request.inputs, outputKeys, items);
    return {
      ...(ownItem !== undefined ? { own: itemToStep(ownItem) } : {}),
      ...(claimItem !== undefined ? { claim: itemToClaim(claimItem) } : {}),
      upstream,
      outputs,
    };
  }

  /**
   * Claims an attempt with one conditional PutItem: it succeeds when no claim exists, the
   * existing one is for an earlier attempt, or it has expired. A refusal reads the holder
   * (one more request, only under contention).
   *
   * @example
   * const outcome = await steps.claimAttempt(runId, 'load', { attempt: 1, owner: requestId, expiresAt: now + 930_000 }, now);
   */
  async claimAttempt(runId: string, node: string, claim: AttemptClaim, nowMs: number): Promise<ClaimOutcome> {
    try {
      await this.table.send((client) =>
        client.send(
          new PutItemCommand({
            TableName: this.table.tableName,
            Item: claimToItem(runId, node, claim),
            ConditionExpression: 'attribute_not_exists(pk) OR #attempt < :attempt OR #expiresAt < :now',
            ExpressionAttributeNames: { '#attempt': 'attempt', '#expiresAt': 'expiresAt' },
            ExpressionAttributeValues: { ':attempt': { N: String(claim.attempt) }, ':now': { N: String(nowMs) } },
          }),
        ),
      );
      return { claimed: true };
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw error;
      const holder = (await this.table.readItems(runId, [TableKeys.claimSort(node)])).get(TableKeys.claimSort(node));
      return { claimed: false, holder: holder === undefined ? undefined : itemToClaim(holder) };
    }
  }

  /**
   * Several steps' output values in one read (e.g. every output of a finished run).
   *
   * @example
   * const values = await steps.readOutputs(runId, [{ node: 'summary_report', output: 'result' }]);
   */
  async readOutputs(runId: string, refs: StepContextRequest['inputs']): Promise<Map<string, OutputLookup>> {
    const outputKeys = refs.map((ref) => TableKeys.outputSort(ref.node, ref.output));
    return this.decodeOutputs(runId, refs, outputKeys, await this.table.readItems(runId, outputKeys));
  }

  /** Output lookups from read items, reading chunked (large) outputs' chunks only then. */
  private async decodeOutputs(
    runId: string,
    refs: StepContextRequest['inputs'],
    outputKeys: readonly string[],
    items: ReadonlyMap<string, TableItem>,
  ): Promise<Map<string, OutputLookup>> {
    const outputs = new Map<string, OutputLookup>();
    const chunked: { label: string; main: TableItem }[] = [];
    const chunkKeys: string[] = [];
    refs.forEach((input, index) => {
      const label = `${input.node}.${input.output}`;
      const item = items.get(outputKeys[index] ?? '');
      if (item === undefined) {
        outputs.set(label, { found: false });
        return;
      }
      const decoded = decodeOutputItem(item);
      if (decoded.kind === 'value') {
        outputs.set(label, { found: true, value: decoded.value });
      } else if (decoded.kind === 'reference') {
        outputs.set(label, { found: true, reference: decoded.reference });
      } else {
        chunked.push({ label, main: item });
        chunkKeys.push(...decoded.chunkKeys.map((key) => key.sk));
      }
    });
    if (chunked.length > 0) {
      const chunks = await this.table.readItems(runId, chunkKeys);
      for (const { label, main } of chunked) {
        outputs.set(label, { found: true, value: assembleChunkedOutput(main, chunks) });
      }
    }
    return outputs;
  }

  /**
   * Writes one attempt's outputs, events and step state with BatchWriteItem: one request for
   * a typical op (≤ 25 items). The step state goes in the last batch, written after all others
   * succeeded. Keys are deterministic, so a re-delivered attempt overwrites itself.
   *
   * @example
   * await steps.commitStepAttempt(runId, 'fetch_sales', { events: writer.events,
   *   step: { status: 'SUCCESS', attempt: 1, endTime: new Date().toISOString() },
   *   outputs: [{ name: 'rows', value: rows }] });
   */
  async commitStepAttempt(runId: string, node: string, commit: StepAttemptCommit): Promise<void> {
    const outputs = commit.outputs ?? [];
    const step: StepState =
      commit.step.outputs === undefined && outputs.length > 0
        ? { ...commit.step, outputs: outputs.map((output) => output.name) }
        : commit.step;
    const events = commit.events.map((entry) => eventToItem(runId, entry));
    const items: TableItem[] = [
      ...outputs.flatMap((output) => outputToItems(runId, node, output.name, output.value, output.reference)),
      ...events,
      ...assetRegistryItems(events),
      stepToItem(runId, node, step),
    ];
    await this.table.writeItems(items);
  }

  /**
   * Every step state of a run, keyed by node (one strongly consistent Query).
   *
   * @example
   * const states = await steps.getStepStates(runId); // { fetch_sales: { status: 'SUCCESS', attempt: 1 } }
   */
  async getStepStates(runId: string): Promise<Record<string, StepState>> {
    const { items } = await this.table.queryItems(
      {
        TableName: this.table.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: {
          ':pk': { S: TableKeys.runPartition(runId) },
          ':prefix': { S: TableKeys.STEP_PREFIX },
        },
        ConsistentRead: true,
      },
      undefined,
    );
    const states: Record<string, StepState> = {};
    for (const item of items) states[stepItemNode(item)] = itemToStep(item);
    return states;
  }
}
