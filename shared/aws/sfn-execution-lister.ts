import { ListExecutionsCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { ClosedExecution, ExecutionLister } from '../lifecycle/execution-lister.js';

/**
 * Lists a state machine's executions newest first with ListExecutions, page by page,
 * until executions start before `startedAfter` (ListExecutions sorts by start time).
 *
 * @example
 * const list = sfnExecutionLister(new SFNClient({}));
 * for await (const execution of list(stateMachineArn, { startedAfter })) console.log(execution.name);
 */
export function sfnExecutionLister(client: SFNClient): ExecutionLister {
  return async function* listExecutions(stateMachineArn, options) {
    let nextToken: string | undefined;
    do {
      const page = await client.send(new ListExecutionsCommand({ stateMachineArn, maxResults: 100, nextToken }));
      for (const item of page.executions ?? []) {
        const startDate = item.startDate ?? new Date(0);
        if (startDate.getTime() < options.startedAfter.getTime()) return;
        const execution: ClosedExecution = {
          executionArn: item.executionArn ?? '',
          stateMachineArn,
          name: item.name ?? '',
          status: item.status ?? 'RUNNING',
          startDate,
          ...(item.stopDate ? { stopDate: item.stopDate } : {}),
          ...(item.redriveCount !== undefined ? { redriveCount: item.redriveCount } : {}),
        };
        yield execution;
      }
      nextToken = page.nextToken;
    } while (nextToken);
  };
}
