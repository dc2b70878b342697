export { ASSET_KEY_HINT, type AssetKeyInput, assetKeyToUserString } from './asset-key.js';
export { findJsonProblem, type JsonProblem } from './json-problem.js';
export { MetadataEntry } from './metadata-entry.js';
export { metadataToPlain } from './metadata-to-plain.js';
export { type EntryOf, MetadataValue, type TableRecordInput, type TableSchemaInput } from './metadata-value.js';
export { type MetadataInput, normalizeMetadata, type RawMetadata } from './normalize-metadata.js';
export {
  TableColumn,
  type TableColumnConstraints,
  type TableColumnOptions,
  TableSchema,
} from './table-schema.js';
export type {
  TableColumnData,
  TableSchemaData,
  TypedMetadata,
  TypedMetadataValue,
} from './typed-metadata.js';
