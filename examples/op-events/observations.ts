import { z } from 'zod';
import { AssetMaterialization, AssetObservation, job, MetadataValue, op } from 'stepster';
import { calculateBytes, getSomeData, persistToStorage } from './sample-data.js';

/** Seeds 000/002: an observation records metadata without changing the asset. */
export const observationOp = op({ name: 'observation_op' }, async (context) => {
  const df = getSomeData();
  context.logEvent(new AssetObservation({ assetKey: 'observation_asset', metadata: { num_rows: df.rows.length } }));
  return 5;
});

/** Seed 002: materialize, then observe the same dataset with metadata. */
export const observesDatasetOp = op({ name: 'observes_dataset_op' }, async (context) => {
  const df = getSomeData();
  const remoteStoragePath = persistToStorage(df);
  context.logEvent(
    new AssetObservation({
      assetKey: 'my_dataset',
      metadata: {
        text_metadata: 'Text-based metadata for this event',
        path: MetadataValue.path(remoteStoragePath),
        dashboard_url: MetadataValue.url('http://mycoolsite.com/url_for_my_data'),
        'size (bytes)': calculateBytes(df),
      },
    }),
  );
  context.logEvent(new AssetMaterialization({ assetKey: 'my_dataset' }));
  return remoteStoragePath;
});

/** Seed 002: observing one partition (a day) of a larger asset, the date from op config. */
export const partitionedDatasetOp = op(
  { name: 'partitioned_dataset_op', config: z.object({ date: z.string() }) },
  async (context) => {
    const partitionDate = context.opConfig.date;
    const df = getSomeData();
    context.logEvent(new AssetObservation({ assetKey: 'my_partitioned_dataset', partition: partitionDate }));
    return df;
  },
);

export const observationsJob = job(
  { name: 'observations_job', description: 'Seeds 000/002: asset observations' },
  () => {
    observationOp();
    observesDatasetOp();
    partitionedDatasetOp();
  },
);
