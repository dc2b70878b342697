import { graph, job, MetadataValue, op } from 'stepster';

export const myOp = op({ name: 'my_op' }, async () => 'Hello World!');

/** Seed 003: job metadata; plain values become MetadataValue.text and friends. */
export const myJobWithMetadata = job(
  {
    name: 'my_job_with_metadata',
    metadata: {
      owner: 'data team',
      docs: MetadataValue.url('https://docs.dagster.io'),
    },
  },
  () => {
    myOp();
  },
);

export const myGraph = graph({ name: 'my_graph' }, () => {
  myOp();
});

/** Seed 003: metadata through graph.toJob. */
export const mySecondJobWithMetadata = myGraph.toJob({
  name: 'my_second_job_with_metadata',
  metadata: { owner: 'api team', docs: MetadataValue.url('https://docs.dagster.io') },
});

/** Seed 003: tags on every run of the job. */
export const myJobWithTags = job({ name: 'my_job_with_tags', tags: { foo: 'bar' } }, () => {
  myOp();
});

/** Seed 003: tags through graph.toJob; non-string values are serialised to JSON, as Dagster does. */
export const mySecondJobWithTags = myGraph.toJob({
  name: 'my_second_job_with_tags',
  tags: { foo: 'bar', settings: { retries: 2 } },
});
