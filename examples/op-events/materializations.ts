import { AssetMaterialization, job, MetadataValue, Output, op } from 'stepster';
import { calculateBytes, doSomeTransform, getSomeData, persistToStorage } from './sample-data.js';

/** Logs a materialization with context.logEvent, then returns its result. */
export const myAssetOp = op({ name: 'my_asset_op' }, async (context) => {
  const df = getSomeData();
  persistToStorage(df, 's3.my_asset');
  context.logEvent(new AssetMaterialization({ assetKey: 's3.my_asset', description: 'A df I stored in s3' }));
  return doSomeTransform(df);
});

/** Yields the materialization; outputs must then be yielded too. */
export const myAssetOpYields = op({ name: 'my_asset_op_yields' }, async function* () {
  const df = getSomeData();
  persistToStorage(df, 's3.my_asset');
  yield new AssetMaterialization({ assetKey: 's3.my_asset', description: 'A df I stored in s3' });
  yield new Output(doSomeTransform(df));
});

/** A materialization with metadata. */
export const myMetadataMaterializationOp = op({ name: 'my_metadata_materialization_op' }, async (context) => {
  const df = getSomeData();
  const remoteStoragePath = persistToStorage(df);
  context.logEvent(
    new AssetMaterialization({
      assetKey: 'my_dataset',
      description: 'Persisted result to storage',
      metadata: {
        text_metadata: 'Text-based metadata for this event',
        path: MetadataValue.path(remoteStoragePath),
        dashboard_url: MetadataValue.url('http://mycoolsite.com/url_for_my_data'),
        'size (bytes)': calculateBytes(df),
      },
    }),
  );
  return remoteStoragePath;
});

export const materializationsJob = job(
  { name: 'materializations_job', description: 'Seed 000: asset materializations' },
  () => {
    myAssetOp();
    myAssetOpYields();
    myMetadataMaterializationOp();
  },
);
