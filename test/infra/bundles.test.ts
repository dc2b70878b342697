// The esbuild bundles of the example functions: each op's holds that op's body only, the
// lifecycle's holds the sensors, none imports at run time what Lambda lacks.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFunctionBundles, type FunctionBundles } from '../../infra/bundling/function-bundles.js';
import { findDefinitionCallSites, stubBodies } from '../../infra/bundling/definition-call-sites.js';

// Strings only one body contains (log messages of the sales ops, the report sensor).
const MARKERS = {
  fetch_sales: 'loading sales for',
  transform: 'aggregated ',
  summary_report: 'total revenue',
  sales_report_sensor: 'materialized ',
};
let bundles: FunctionBundles;
const text = (file: string) => readFileSync(file, 'utf8');

beforeAll(async () => {
  bundles = await buildFunctionBundles({
    definitionsFile: 'examples/definitions.ts',
    opNames: ['fetch_sales', 'transform', 'summary_report', 'my_op'],
  });
}, 300_000);

describe('function bundles', () => {
  it('hold only their own op’s body', () => {
    // Prepare
    const ops = ['fetch_sales', 'transform', 'summary_report'] as const;

    // Act
    const found = ops.map((name) => {
      const code = text(bundles.op(name).file);
      return Object.entries(MARKERS)
        .filter(([, marker]) => code.includes(marker))
        .map(([key]) => key);
    });

    // Assess
    expect(found).toEqual([['fetch_sales'], ['transform'], ['summary_report']]);
  });

  it('give the sensors’ bodies to the lifecycle bundle only, and no op body to it or to the run functions', () => {
    // Prepare
    const lifecycle = text(bundles.lifecycle.file);
    const control = text(bundles.control.file);

    // Act
    const inLifecycle = Object.entries(MARKERS)
      .filter(([, marker]) => lifecycle.includes(marker))
      .map(([key]) => key);
    const inControl = Object.entries(MARKERS)
      .filter(([, marker]) => control.includes(marker))
      .map(([key]) => key);

    // Assess
    expect(inLifecycle).toEqual(['sales_report_sensor']);
    expect(inControl).toEqual([]);
  });

  it('import nothing at run time but Node.js built-ins, the AWS SDK of the Lambda runtime and the shared layer’s zod', () => {
    // Prepare
    const specifiers = new Set<string>();

    // Act
    for (const bundle of bundles.all) {
      // Static imports as esbuild writes them (`import{a as b}from"x";`) and dynamic `import("x")`.
      const code = text(bundle.file);
      for (const match of code.matchAll(/(?:^|[;\n])\s*import\s*(?:[\w$*{},\s]+from\s*)?"([^"]+)"/g))
        specifiers.add(match[1] ?? '');
      for (const match of code.matchAll(/\bimport\("([^"]+)"\)/g)) specifiers.add(match[1] ?? '');
    }

    // Assess
    const foreign = [...specifiers].filter(
      (s) => !s.startsWith('node:') && !s.startsWith('@aws-sdk/') && !bundles.layer.packages.includes(s),
    );
    expect(foreign).toEqual([]);
    expect([...specifiers]).toContain('zod');
    expect([...specifiers]).toContain('@aws-sdk/client-dynamodb');
    expect(
      bundles.all
        .flatMap((b) => Object.keys(b.composition))
        .filter((o) => /aws-local-stepfunctions|dynalite|typescript|esbuild|aws-cdk-lib/.test(o)),
    ).toEqual([]);
  });

  it('load in a fresh Node.js process laid out as Lambda, zod from the layer only, and export the handlers Lambda calls', () => {
    // Prepare: each bundle alone in its directory, next to a node_modules holding what Lambda
    // provides: the layer's packages and (standing in for the runtime's) the AWS SDK.
    const root = mkdtempSync(join(tmpdir(), 'stepster-lambda-'));
    const modules = join(root, 'node_modules');
    mkdirSync(modules);
    for (const name of bundles.layer.packages) symlinkSync(join(bundles.layer.nodeModules, name), join(modules, name));
    symlinkSync(resolve('node_modules/@aws-sdk'), join(modules, '@aws-sdk'));
    const place = (file: string, name: string) => {
      mkdirSync(join(root, name));
      cpSync(file, join(root, name, 'index.mjs'));
      return join(root, name, 'index.mjs');
    };
    const control = place(bundles.control.file, 'control');
    const opFile = place(bundles.op('my_op').file, 'op');
    const script = `const m = await import(${JSON.stringify(control)}); const o = await import(${JSON.stringify(opFile)});
      console.log(JSON.stringify([Object.keys(m).sort(), Object.keys(o), import.meta.resolve('zod')]));`;

    // Act
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });

    // Assess
    const [controlExports, opExports, zod] = JSON.parse(output) as [string[], string[], string];
    expect([controlExports, opExports]).toEqual([['gate', 'runEnd', 'runStart'], ['handler']]);
    expect(zod).toBe(pathToFileURL(realpathSync(join(bundles.layer.nodeModules, 'zod', 'index.mjs'))).href);
  });

  // 160 KB since assets, asset checks, data versions and resources landed (about 157 KB with the
  // examples' assets); 168 KB since the loggers print a step failure whole (its stack, retry cause
  // and Failure metadata rendered: about 5 KB, in every op bundle because a user may choose the
  // colored console logger on Lambda too); 170 KB since partitions (asset jobs resolve their
  // partitions definition, context.partitionKey; the partitions classes stay out unless used)
  // and IO managers (the seam and output references; the S3 client is Lambda's own, never bundled);
  // 176 KB since dynamic fan-out (about 5.5 KB: emitting DynamicOutputs, running one mapped item,
  // reading a collect, in every op bundle because any op may emit, be mapped or collect);
  // 180 KB since the fan-out and S3 IO manager merge (d50abf5: 177.2 to 178.2 KB, over 176 on
  // main already) and re-execution inside a fan-out (about 0.5 KB: a mapped op's item in a
  // selection, the stored sources of upstream assets an asset job loads).
  // Op functions bundle only the op attempt: no run start, run end or compiler
  // (createOpLambdaHandler reads the gated children from STEPSTER_GATED_CHILDREN).
  it('keep each op bundle at or under 180 KB by leaving zod to the shared layer', () => {
    // Prepare
    const ops = bundles.all.filter((b) => b.spec.kind === 'op');

    // Act
    const sizes = ops.map((b) => ({ key: b.key, kb: b.bytes / 1024, zod: b.composition.zod ?? 0 }));

    // Assess
    expect(sizes.filter((s) => s.kb > 180)).toEqual([]);
    expect(sizes.filter((s) => s.zod > 0)).toEqual([]);
    expect(readFileSync(join(bundles.layer.nodeModules, 'zod', 'index.mjs'), 'utf8')).toContain('ZodError');
  });

  it('are reused when their inputs have not changed', async () => {
    // Prepare
    const options = { definitionsFile: 'examples/definitions.ts', opNames: ['fetch_sales'] };

    // Act
    const again = await buildFunctionBundles(options);

    // Assess
    expect(again.all.map((b) => [b.key, b.cached])).toEqual([
      ['op-fetch_sales', true],
      ['control', true],
      ['lifecycle', true],
    ]);
  });
});

describe('body stubs', () => {
  it('treat an asset as the op of its step, by name or by literal key path', () => {
    // Prepare
    const source = [
      "import { asset as defineAsset } from 'stepster';",
      "import * as s from 'stepster';",
      "export const raw = defineAsset({ name: 'raw_sales' }, async () => heavyRaw());",
      "export const wh = s.asset({ key: 'warehouse/sales', group: 'g' }, async () => heavyWarehouse());",
      "export const parts = defineAsset({ key: ['a', 'b'] }, async () => keepParts());",
    ].join('\n');

    // Act
    const sites = findDefinitionCallSites(source, 'assets.ts');
    const stubbed = stubBodies(source, sites, (site) => site.kind === 'op' && site.name === 'warehouse__sales');

    // Assess
    expect(sites.map((site) => `${site.kind}:${site.name}`)).toEqual(['op:raw_sales', 'op:warehouse__sales']);
    expect(stubbed).toContain('heavyWarehouse()');
    expect(stubbed).not.toContain('heavyRaw()');
    expect(stubbed).toContain('keepParts()');
  });

  it('replace the bodies of other ops and sensors, through renamed and namespace imports', () => {
    // Prepare
    const source = [
      "import { op as defineOp, runFailureSensor } from 'stepster';",
      "import * as s from 'stepster';",
      "export const a = defineOp({ name: 'a' }, async () => heavyA());",
      "export const b = s.op({ name: 'b', description: 'x' }, async () => heavyB());",
      'export const c = defineOp({ name: `c` }, async () => 1);',
      "export const f = runFailureSensor({ name: 'alert' }, (context) => notify(context));",
      'export const dynamic = defineOp({ name: prefix + "d" }, async () => keep());',
    ].join('\n');

    // Act
    const sites = findDefinitionCallSites(source, 'defs.ts');
    const stubbed = stubBodies(source, sites, (site) => site.kind === 'op' && site.name === 'b');

    // Assess
    expect(sites.map((site) => `${site.kind}:${site.name}`)).toEqual(['op:a', 'op:b', 'op:c', 'sensor:alert']);
    expect(stubbed).toContain('heavyB()');
    expect(stubbed).not.toContain('heavyA()');
    expect(stubbed).not.toContain('notify(context)');
    expect(stubbed).toContain('keep()');
    expect(stubbed).toContain('throw new Error("op \\"a\\" is not in this bundle")');
  });
});
