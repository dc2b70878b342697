import ts from 'typescript';

/** Every name a module takes from one specifier, or `'*'` when it takes the whole namespace. */
export type ImportedNames = readonly string[] | '*';

/** One import (or re-export) of a module: what it names and from where, as written. */
export interface ModuleImport {
  readonly specifier: string;
  readonly names: ImportedNames;
}

/** A value a module exports, with the specifier it re-exports it from (if it does). */
export interface ModuleExport {
  readonly name: string;
  readonly from?: string;
}

/**
 * The value imports of a module, TypeScript or JavaScript (esbuild's output included):
 * `import { a, b as c }` names `a` and `b`; a default import names `default`; a namespace
 * import, `export * from` and a dynamic `import()` take `'*'`. Type-only imports are left out:
 * they are gone at run time.
 *
 * @example
 * moduleImports("import { op, type In } from 'stepster'; import * as s from './x.js';", 'a.ts');
 * // [{ specifier: 'stepster', names: ['op'] }, { specifier: './x.js', names: '*' }]
 */
export function moduleImports(text: string, fileName: string): ModuleImport[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, scriptKindOf(fileName));
  const found: ModuleImport[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const clause = statement.importClause;
      if (clause?.isTypeOnly) continue;
      const specifier = statement.moduleSpecifier.text;
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) {
        found.push({ specifier, names: '*' });
        continue;
      }
      const names = bindings
        ? bindings.elements.filter((e) => !e.isTypeOnly).map((e) => (e.propertyName ?? e.name).text)
        : [];
      if (clause?.name) names.push('default');
      found.push({ specifier, names });
    } else if (
      ts.isExportDeclaration(statement) &&
      !statement.isTypeOnly &&
      statement.moduleSpecifier &&
      ts.isStringLiteral(statement.moduleSpecifier)
    ) {
      const clause = statement.exportClause;
      const names =
        clause && ts.isNamedExports(clause)
          ? clause.elements.filter((e) => !e.isTypeOnly).map((e) => (e.propertyName ?? e.name).text)
          : '*';
      found.push({ specifier: statement.moduleSpecifier.text, names });
    }
  }
  // Dynamic imports may sit anywhere; a cheap test spares the walk for most files.
  if (text.includes('import(')) {
    const visit = (node: ts.Node): void => {
      if (
        ts.isCallExpression(node) &&
        node.expression.kind === ts.SyntaxKind.ImportKeyword &&
        node.arguments[0] &&
        ts.isStringLiteralLike(node.arguments[0])
      ) {
        found.push({ specifier: node.arguments[0].text, names: '*' });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

/**
 * The values a module exports by name: declarations (`export function f`, `export const a`,
 * `export class C`, `export default`) and re-exports (`export { a } from './x.js'`, with
 * `from`). Types and `export *` are left out.
 *
 * @example
 * moduleExports("export { op, type In } from './op.js'; export const x = 1;", 'index.ts');
 * // [{ name: 'op', from: './op.js' }, { name: 'x' }]
 */
export function moduleExports(text: string, fileName: string): ModuleExport[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, scriptKindOf(fileName));
  const found: ModuleExport[] = [];
  const exported = (node: ts.Node): boolean =>
    ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  const isDefault = (node: ts.Node): boolean =>
    ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement)) {
      const clause = statement.exportClause;
      if (statement.isTypeOnly || !clause || !ts.isNamedExports(clause)) continue;
      const from =
        statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)
          ? statement.moduleSpecifier.text
          : undefined;
      for (const element of clause.elements) {
        if (!element.isTypeOnly)
          found.push(from === undefined ? { name: element.name.text } : { name: element.name.text, from });
      }
    } else if (ts.isExportAssignment(statement)) {
      found.push({ name: 'default' });
    } else if (ts.isVariableStatement(statement) && exported(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name)) found.push({ name: declaration.name.text });
      }
    } else if (
      (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) &&
      exported(statement) &&
      !(
        ts.isEnumDeclaration(statement) &&
        (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.ConstKeyword)
      )
    ) {
      if (isDefault(statement)) found.push({ name: 'default' });
      else if (statement.name) found.push({ name: statement.name.text });
    }
  }
  return found;
}

/** How TypeScript should parse a file, by its extension. */
export function scriptKindOf(fileName: string): ts.ScriptKind {
  if (fileName.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (fileName.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (/\.[cm]?js$/.test(fileName)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}
