import type { AnyAssetCheckDefinition } from '../definitions/asset-check.js';
import type { AssetCheckSpec } from '../definitions/asset-check-spec.js';
import type { AnyAssetDefinition } from '../definitions/asset-definition.js';
import { assetOutputName, assetSpecsOf } from '../definitions/asset-specs-of.js';
import type { AnyOpDefinition } from '../definitions/op-definition-type.js';
import { DEFAULT_OUTPUT_NAME } from '../definitions/out.js';
import { AssetCheckError } from '../errors/asset-check-error.js';
import type { FailedCheck } from '../event-log/step-state.js';
import { AssetCheckResult, AssetCheckSeverity } from '../events/asset-check-result.js';
import type { JournalEntry } from './op-journal.js';

/** What a finished body's check results mean: a broken contract, or the blocking checks that failed. */
export interface CheckSettlement {
  readonly error?: AssetCheckError;
  /** Empty when `error` is set. */
  readonly failedBlocking: readonly FailedCheck[];
}

/** A check the step must evaluate, and the step output it checks. */
interface DeclaredCheck {
  readonly spec: AssetCheckSpec;
  readonly output: string;
}

/**
 * After a body succeeded: matches its AssetCheckResults to the checks the step declares (an
 * `assetCheck`'s own, or an asset's `checkSpecs`), fills in `checkName` and `assetKey`, and
 * reports the failed blocking ones. Each declared check gets exactly one result; a result for a
 * check the step does not declare, or a missing one, breaks the contract. An asset step's
 * results move behind their asset's materialization, in Dagster's order. A plain op declares
 * none: its results are free events, as before.
 */
export function settleCheckResults(op: AnyOpDefinition, nodeName: string, journal: JournalEntry[]): CheckSettlement {
  const declared = declaredChecks(op);
  if (declared === undefined) return { failedBlocking: [] };
  const where = `step "${nodeName}"`;
  const listed = () => declared.map((d) => `"${d.spec.name}" on "${d.spec.assetKey}"`).join(', ') || '(none)';
  const matched = new Map<AssetCheckSpec, AssetCheckResult>();
  const byOutput = new Map<string, JournalEntry[]>();
  const kept: JournalEntry[] = [];
  for (const entry of journal) {
    if (entry.kind !== 'event' || !(entry.event instanceof AssetCheckResult)) {
      kept.push(entry);
      continue;
    }
    const result = entry.event;
    const candidates = declared.filter(
      (d) =>
        (result.checkName === undefined || d.spec.name === result.checkName) &&
        (result.assetKey === undefined || d.spec.assetKey === result.assetKey),
    );
    const named = `AssetCheckResult${result.checkName !== undefined ? ` checkName "${result.checkName}"` : ''}${result.assetKey !== undefined ? ` assetKey "${result.assetKey}"` : ''}`;
    const only = candidates[0];
    if (only === undefined || candidates.length > 1) {
      return {
        failedBlocking: [],
        error: new AssetCheckError(
          only === undefined
            ? `${where} logged ${named}, which names no check it declares. Declared checks: ${listed()}. Declare it in checkSpecs or fix checkName/assetKey.`
            : `${where} logged ${named}, which matches several declared checks (${listed()}). Set checkName and assetKey.`,
        ),
      };
    }
    if (matched.has(only.spec)) {
      return {
        failedBlocking: [],
        error: new AssetCheckError(
          `${where} logged two results for check "${only.spec.name}" on asset "${only.spec.assetKey}". Log one per check.`,
        ),
      };
    }
    const filled = new AssetCheckResult({
      passed: result.passed,
      checkName: only.spec.name,
      ...(only.spec.assetKey !== undefined ? { assetKey: only.spec.assetKey } : {}),
      ...(result.description !== undefined ? { description: result.description } : {}),
      ...(result.metadata !== undefined ? { metadata: result.metadata } : {}),
      severity: result.severity,
    });
    matched.set(only.spec, filled);
    const moved: JournalEntry = { ...entry, event: filled };
    if ('assetCheck' in op) kept.push(moved);
    else byOutput.set(only.output, [...(byOutput.get(only.output) ?? []), moved]);
  }
  const missing = declared.find((d) => !matched.has(d.spec));
  if (missing) {
    return {
      failedBlocking: [],
      error: new AssetCheckError(
        `${where} declares check "${missing.spec.name}" on asset "${missing.spec.assetKey}" but logged no AssetCheckResult for it. Log or yield new AssetCheckResult({ checkName: '${missing.spec.name}', passed }) in its body.`,
      ),
    };
  }
  journal.splice(0, journal.length, ...behindOutputs(kept, byOutput));
  const failedBlocking = declared.flatMap((d) => {
    const result = matched.get(d.spec);
    const blocks = d.spec.blocking && result?.passed === false && result.severity === AssetCheckSeverity.ERROR;
    return blocks ? [{ output: d.output, assetKey: d.spec.assetKey ?? '', checkName: d.spec.name }] : [];
  });
  return { failedBlocking };
}

function declaredChecks(op: AnyOpDefinition): DeclaredCheck[] | undefined {
  if ('assetCheck' in op) return [{ spec: (op as AnyAssetCheckDefinition).assetCheck, output: DEFAULT_OUTPUT_NAME }];
  if (!op.asset) return undefined;
  return assetSpecsOf(op as AnyAssetDefinition).flatMap((spec) =>
    (spec.checkSpecs ?? []).map((check) => ({ spec: check, output: assetOutputName(spec) })),
  );
}

// Each output's check results right behind it, stamped no earlier than it so times stay in order;
// results of an output the body did not produce stay at the end.
function behindOutputs(kept: readonly JournalEntry[], byOutput: Map<string, JournalEntry[]>): JournalEntry[] {
  const ordered: JournalEntry[] = [];
  for (const entry of kept) {
    ordered.push(entry);
    if (entry.kind !== 'output') continue;
    for (const moved of byOutput.get(entry.name) ?? []) ordered.push({ ...moved, at: later(moved.at, entry.at) });
    byOutput.delete(entry.name);
  }
  for (const rest of byOutput.values()) ordered.push(...rest);
  return ordered;
}

function later(a: string, b: string): string {
  return a > b ? a : b;
}
