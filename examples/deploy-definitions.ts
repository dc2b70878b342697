// Kept for older references: the deployable definitions are examples/definitions.ts.
export { default } from './definitions.js';
