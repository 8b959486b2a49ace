import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { schemeSchema } from '../../engine/scheme/validate.js';

/** Property names of every interface in engine/scheme/types.ts, read with the TypeScript parser. */
function interfaceKeys(): Map<string, string[]> {
  const file = 'engine/scheme/types.ts';
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const out = new Map<string, string[]>();
  source.forEachChild((node) => {
    if (!ts.isInterfaceDeclaration(node)) return;
    out.set(
      node.name.text,
      node.members.filter(ts.isPropertySignature).map((m) => (m.name as ts.Identifier | ts.StringLiteral).text),
    );
  });
  return out;
}

type Node = { properties?: Record<string, Node>; items?: Node; definitions?: Record<string, Node> };
const root = schemeSchema as Node;
const def = (name: string) => root.definitions![name]!;
const prop = (n: Node, ...path: string[]) => path.reduce((acc, p) => (p === '[]' ? acc.items! : acc.properties![p]!), n);

/** Which schema node each TypeScript interface describes. */
const PAIRS: Array<[string, Node]> = [
  ['Scheme', root],
  ['QimenConnection', def('qimenConnection')],
  ['K3CloudConnection', def('k3cloudConnection')],
  ['SourceSpec', def('source')],
  ['WindowSpec', prop(def('source'), 'window')],
  ['PagingSpec', prop(def('source'), 'paging')],
  ['LookupSpec', def('lookup')],
  ['FilterRule', prop(root, 'filter', '[]')],
  ['Assertion', prop(root, 'assertions', '[]')],
  ['MappingForEach', def('forEach')],
  ['MappingSpec', prop(root, 'mapping')],
  ['SaveOptions', prop(def('target'), 'options')],
  ['PreflightCheck', prop(def('target'), 'preflight', 'checks', '[]')],
  ['TargetSpec', def('target')],
  ['ScheduleSpec', prop(root, 'schedule')],
];

describe('schemas/scheme.schema.json and engine/scheme/types.ts name the same keys', () => {
  const keys = interfaceKeys();
  it('every interface is paired with a schema node', () => {
    expect(PAIRS.map(([n]) => n).sort()).toEqual([...keys.keys()].sort());
  });
  it.each(PAIRS)('%s', (name, node) => {
    expect(Object.keys(node.properties ?? {}).sort()).toEqual([...(keys.get(name) ?? [])].sort());
  });
});
