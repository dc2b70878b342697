import ts from 'typescript';
import { assetStepName } from '../../shared/definitions/asset-spec.js';
import { scriptKindOf } from './module-names.js';

/** A call that defines an op or a sensor with a literal name, and where its function argument is. */
export interface DefinitionCallSite {
  readonly kind: 'op' | 'sensor';
  /** The literal `name` of the op or sensor; for an asset, its step name (`key` with `/` → `__`). */
  readonly name: string;
  /** Character range of the body argument in the source text. */
  readonly bodyStart: number;
  readonly bodyEnd: number;
}

// Imported names whose second argument is a body that only runs at execution time.
const DEFINING_FUNCTIONS: Readonly<Record<string, DefinitionCallSite['kind']>> = {
  op: 'op',
  // An asset is an op (its step) whose bundle is its own, like any op's.
  asset: 'op',
  runFailureSensor: 'sensor',
  runStatusSensor: 'sensor',
};

/**
 * Finds `op({ name: 'x', ... }, body)`, `asset({ name | key }, body)`, `runFailureSensor({ name }, fn)` and
 * `runStatusSensor({ name, ... }, fn)` calls in a module, through named imports (renamed
 * or not) and namespace imports (`s.op(...)`). Calls whose name is not a string literal
 * are not reported, so the bundler keeps their bodies.
 *
 * @example
 * findDefinitionCallSites("import { op } from 'stepster'; export const a = op({ name: 'a' }, async () => 1);", 'a.ts');
 * // [{ kind: 'op', name: 'a', bodyStart: 55, bodyEnd: 70 }]
 */
export function findDefinitionCallSites(text: string, fileName: string): DefinitionCallSite[] {
  // Cheap pre-check: most files (data, helpers) define nothing.
  if (!/\b(op|asset|runFailureSensor|runStatusSensor)\b/.test(text)) return [];
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, scriptKindOf(fileName));
  const named = new Map<string, DefinitionCallSite['kind']>();
  const namespaces = new Set<string>();
  const assetNames = new Set<string>();
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !statement.importClause?.namedBindings) continue;
    const bindings = statement.importClause.namedBindings;
    if (ts.isNamespaceImport(bindings)) namespaces.add(bindings.name.text);
    else {
      for (const element of bindings.elements) {
        const imported = (element.propertyName ?? element.name).text;
        const kind = DEFINING_FUNCTIONS[imported];
        if (kind) named.set(element.name.text, kind);
        if (imported === 'asset') assetNames.add(element.name.text);
      }
    }
  }
  if (named.size === 0 && namespaces.size === 0) return [];

  const sites: DefinitionCallSite[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && node.arguments.length >= 2) {
      const kind = calleeKind(node.expression, named, namespaces);
      const name = kind ? literalName(node.arguments[0], isAssetCall(node.expression, assetNames)) : undefined;
      const body = node.arguments[1];
      if (kind && name !== undefined && body)
        sites.push({ kind, name, bodyStart: body.getStart(source), bodyEnd: body.getEnd() });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return sites;
}

function calleeKind(
  callee: ts.Expression,
  named: ReadonlyMap<string, DefinitionCallSite['kind']>,
  namespaces: ReadonlySet<string>,
): DefinitionCallSite['kind'] | undefined {
  if (ts.isIdentifier(callee)) return named.get(callee.text);
  if (
    ts.isPropertyAccessExpression(callee) &&
    ts.isIdentifier(callee.expression) &&
    namespaces.has(callee.expression.text)
  ) {
    return DEFINING_FUNCTIONS[callee.name.text];
  }
  return undefined;
}

// A call of `asset` however it was imported: renamed (`assetNames`) or through a namespace (`s.asset`).
function isAssetCall(callee: ts.Expression, assetNames: ReadonlySet<string>): boolean {
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text === 'asset';
  return ts.isIdentifier(callee) && assetNames.has(callee.text);
}

// The step name of a literal `name`, or of an asset's literal `key` path ('warehouse/sales').
function literalName(options: ts.Expression | undefined, asset: boolean): string | undefined {
  if (!options || !ts.isObjectLiteralExpression(options)) return undefined;
  for (const property of options.properties) {
    if (!ts.isPropertyAssignment(property)) continue;
    const key = property.name;
    const keyText = ts.isIdentifier(key) || ts.isStringLiteral(key) ? key.text : undefined;
    if (keyText !== 'name' && !(asset && keyText === 'key')) continue;
    const value = property.initializer;
    if (ts.isStringLiteral(value) || ts.isNoSubstitutionTemplateLiteral(value)) {
      return keyText === 'key' ? assetStepName(value.text) : value.text;
    }
    return undefined;
  }
  return undefined;
}

/**
 * Replaces the bodies of the call sites `keep` rejects with a function that throws, so a
 * bundle holds only the bodies it runs (and, once unused, none of what they import).
 *
 * @example
 * stubBodies(text, sites, (site) => site.kind === 'op' && site.name === 'fetch_sales');
 */
export function stubBodies(
  text: string,
  sites: readonly DefinitionCallSite[],
  keep: (site: DefinitionCallSite) => boolean,
): string {
  const dropped = sites.filter((site) => !keep(site));
  // A body nested in another dropped body goes with it.
  const outermost = dropped
    .filter(
      (site) =>
        !dropped.some((other) => other !== site && other.bodyStart <= site.bodyStart && site.bodyEnd <= other.bodyEnd),
    )
    .sort((a, b) => b.bodyStart - a.bodyStart);
  let out = text;
  for (const site of outermost) {
    const stub = `(() => { throw new Error(${JSON.stringify(`${site.kind} "${site.name}" is not in this bundle`)}); })`;
    out = out.slice(0, site.bodyStart) + stub + out.slice(site.bodyEnd);
  }
  return out;
}
