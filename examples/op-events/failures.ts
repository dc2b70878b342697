import { Failure, job, MetadataValue, op, RetryRequested } from 'stepster';

function getFiles(path: string): string[] {
  // The example's directory is always empty, so the op fails the way the seed shows.
  return path.length > 0 ? [] : [path];
}

/** Fails with a Failure carrying metadata. */
export const myFailureOp = op({ name: 'my_failure_op' }, async () => {
  const path = '/path/to/files';
  const myFiles = getFiles(path);
  if (myFiles.length === 0) {
    throw new Failure({
      description: 'No files to process',
      metadata: {
        filepath: MetadataValue.path(path),
        dashboard_url: MetadataValue.url('http://mycoolsite.com/failures'),
      },
    });
  }
  return myFiles.length;
});

/** A call that fails on its first two attempts, then works: a stand-in for a flaky API. */
export function flakyOperation(attempt: number): string {
  if (attempt < 2) throw new Error(`connection reset (attempt ${attempt + 1})`);
  return 'ok';
}

/** Asks to be retried when the flaky call fails, keeping the error as cause. */
export const myRetryOp = op({ name: 'my_retry_op' }, async (context) => {
  try {
    return flakyOperation(context.retryNumber);
  } catch (e) {
    throw new RetryRequested({ maxRetries: 3 }, { cause: e });
  }
});

export const retryJob = job({ name: 'retry_job', description: 'Seed 000: RetryRequested around a flaky call' }, () => {
  myRetryOp();
});

export const failureJob = job({ name: 'failure_job', description: 'Seed 000: Failure with metadata' }, () => {
  myFailureOp();
});
