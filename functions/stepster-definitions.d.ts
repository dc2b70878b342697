// The user's Definitions module, bound at bundle time: the bundler resolves 'stepster-definitions'
// to the module `cdk synth` loaded (`-c definitions=<path>`, default examples/definitions.ts).
declare module 'stepster-definitions' {
  import type { Definitions } from 'stepster';

  const definitions: Definitions;
  export default definitions;
}
