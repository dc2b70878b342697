import { Definitions } from 'stepster';
import { myJobWithMetadata, myJobWithTags, mySecondJobWithMetadata, mySecondJobWithTags } from './job-metadata/job-metadata.js';
import { expectationsJob } from './op-events/expectations.js';
import { failureJob, retryJob } from './op-events/failures.js';
import { materializationsJob } from './op-events/materializations.js';
import { observationsJob } from './op-events/observations.js';
import { outputsJob } from './op-events/outputs.js';
import { salesJob } from './sales/sales-job.js';

/** Everything `npm start`, the CLI and `cdk deploy` load by default. */
export default new Definitions({
  jobs: [
    salesJob,
    outputsJob,
    materializationsJob,
    observationsJob,
    expectationsJob,
    retryJob,
    failureJob,
    myJobWithMetadata,
    mySecondJobWithMetadata,
    myJobWithTags,
    mySecondJobWithTags,
  ],
});
