import type { Definitions } from '../definitions/definitions.js';
import type { EventLogInstance } from '../event-log/event-log-instance.js';
import { assetRows, formatAssetRows } from './asset-rows.js';
import { terminalStyle } from './terminal-style.js';

/** `stepster assets`: every asset of the Definitions with its group, kinds and last materialization. */
export async function assetsCommand(
  definitions: Definitions,
  instance: EventLogInstance,
  out: NodeJS.WriteStream = process.stdout,
): Promise<number> {
  const s = terminalStyle(out);
  if (definitions.assets.length === 0) {
    out.write('No assets. Define them with asset({ name }, body) and pass them as new Definitions({ assets }).\n');
    return 0;
  }
  const rows = (await Promise.all(definitions.assets.map((asset) => assetRows(asset, instance)))).flat();
  out.write(formatAssetRows(rows, undefined, s.bold));
  out.write(s.dim('Materialize some with: npx stepster materialize <key | group:<name> | key+ | +key | key* | *>\n'));
  return 0;
}
