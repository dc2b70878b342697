import { ExpectationResult, In, job, MetadataValue, op } from 'stepster';
import { calculateBytes, doSomeTransform, type Frame, getSomeData } from './sample-data.js';

export const loadFrame = op({ name: 'load_frame' }, async () => getSomeData());

/** Logs an expectation result about its input. */
export const myExpectationOp = op({ name: 'my_expectation_op', ins: { df: In() } }, async (context, { df }) => {
  const frame = doSomeTransform(df as Frame);
  context.logEvent(new ExpectationResult({ success: frame.rows.length > 0, description: 'ensure dataframe has rows' }));
  return frame;
});

/** An expectation result with metadata of several kinds. */
export const myMetadataExpectationOp = op(
  { name: 'my_metadata_expectation_op', ins: { df: In() } },
  async (context, { df }) => {
    const frame = doSomeTransform(df as Frame);
    context.logEvent(
      new ExpectationResult({
        success: frame.rows.length > 0,
        description: 'ensure dataframe has rows',
        metadata: {
          text_metadata: 'Text-based metadata for this event',
          dashboard_url: MetadataValue.url('http://mycoolsite.com/url_for_my_data'),
          raw_count: frame.rows.length,
          'size (bytes)': calculateBytes(frame),
        },
      }),
    );
    return frame;
  },
);

export const expectationsJob = job({ name: 'expectations_job', description: 'Seed 000: expectation results' }, () => {
  const df = loadFrame();
  myExpectationOp(df);
  myMetadataExpectationOp(df);
});
