import { builtinModules } from 'node:module';
import { LAYER_PACKAGES } from './layer-packages.js';
import { RUNTIME_PACKAGE } from './runtime-imports.js';

/**
 * What Lambda code may still import at run time: Node.js, the runtime's AWS SDK, the shared
 * layer's packages (zod) and stepster's runtime package (also in the layer).
 *
 * @example
 * isLambdaExternal('@aws-sdk/client-dynamodb'); // true
 * isLambdaExternal('dynalite'); // false
 */
export function isLambdaExternal(path: string): boolean {
  return (
    path.startsWith('node:') ||
    builtinModules.includes(path) ||
    path.startsWith('@aws-sdk/') ||
    (LAYER_PACKAGES as readonly string[]).includes(path) ||
    path === RUNTIME_PACKAGE ||
    path.startsWith(`${RUNTIME_PACKAGE}/`)
  );
}

/** Lambda's ESM runtime has no `require`; bundled CommonJS code (in dependencies) still calls it. */
export const REQUIRE_SHIM =
  "import { createRequire as __stepsterCreateRequire } from 'node:module'; const require = __stepsterCreateRequire(import.meta.url);";
