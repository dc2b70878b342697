import { describe, expect, it } from 'vitest';
import { selectedAssetJob } from '../../shared/cli/materialize-command.js';
import { AssetOut, asset, Definitions, multiAsset, Output } from 'stepster';

const split = multiAsset(
  {
    name: 'split',
    group: 'sales',
    outs: { eu: AssetOut({ key: 'sales_eu' }), us: AssetOut({ key: 'sales/us', group: 'us_sales' }) },
  },
  async function* () {
    yield new Output(1, { outputName: 'eu' });
    yield new Output(2, { outputName: 'us' });
  },
);
const report = asset({ name: 'report', group: 'reports' }, async () => 1);
const definitions = new Definitions({ assets: [split, report] });

describe('stepster materialize <selection>', () => {
  it('lists every key and group, a multi-asset’s included, when the selection matches nothing', () => {
    // Act
    const act = () => selectedAssetJob(definitions, ['group:nope']);

    // Assess
    expect(act).toThrow('Known asset keys: sales_eu, sales/us, report; groups: sales, us_sales, reports.');
  });
});
