import { job, MetadataValue, Out, Output, op } from 'stepster';
import { calculateBytes, getSomeData } from './sample-data.js';

/** Returns a plain value: it becomes the output "result". */
export const myOutputOp = op({ name: 'my_output_op' }, async () => 5);

/** Returns an Output with metadata. */
export const myOutputGenericOp = op(
  { name: 'my_output_generic_op' },
  async () => new Output(5, { metadata: { some_metadata: 'a_value' } }),
);

/** Several outputs, returned together, keyed by output name. */
export const myMultipleGenericOutputOp = op(
  { name: 'my_multiple_generic_output_op', out: { int_out: Out(), str_out: Out() } },
  async () => ({
    int_out: new Output(5, { metadata: { some_metadata: 'a_value' } }),
    str_out: new Output('foo', { metadata: { some_metadata: 'another_value' } }),
  }),
);

/** Several outputs, yielded in any order by name. */
export const myOpYields = op({ name: 'my_op_yields', out: { out1: Out(), out2: Out() } }, async function* () {
  yield new Output(5, { outputName: 'out2' });
  yield new Output('foo', { outputName: 'out1' });
});

/** Output metadata of every kind the seed shows. */
export const myMetadataOutput = op({ name: 'my_metadata_output' }, async () => {
  const df = getSomeData();
  return new Output(df, {
    metadata: {
      text_metadata: 'Text-based metadata for this event',
      dashboard_url: MetadataValue.url('http://mycoolsite.com/url_for_my_data'),
      raw_count: df.rows.length,
      'size (bytes)': calculateBytes(df),
    },
  });
});

export const outputsJob = job({ name: 'outputs_job', description: 'Seed 000: Output objects' }, () => {
  myOutputOp();
  myOutputGenericOp();
  myMultipleGenericOutputOp();
  myOpYields();
  myMetadataOutput();
});
