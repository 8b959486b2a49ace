/**
 * A readable structural diff: one line per differing path, e.g.
 * `FEntity[0].FPrice: expected "17.69", got "17.690265"`. Empty when equal.
 */
export function diffValues(expected: unknown, actual: unknown, path = ''): string[] {
  if (Object.is(expected, actual)) return [];
  const here = path || '(document)';
  if (Array.isArray(expected) && Array.isArray(actual)) {
    const out: string[] = [];
    if (expected.length !== actual.length) out.push(`${here}: expected ${expected.length} item(s), got ${actual.length}`);
    for (let i = 0; i < Math.min(expected.length, actual.length); i++) out.push(...diffValues(expected[i], actual[i], `${path}[${i}]`));
    return out;
  }
  if (isObject(expected) && isObject(actual)) {
    const out: string[] = [];
    for (const k of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
      const p = path ? `${path}.${k}` : k;
      if (!(k in actual)) out.push(`${p}: expected ${show(expected[k])}, missing`);
      else if (!(k in expected)) out.push(`${p}: unexpected ${show(actual[k])}`);
      else out.push(...diffValues(expected[k], actual[k], p));
    }
    return out;
  }
  return [`${here}: expected ${show(expected)}, got ${show(actual)}`];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function show(v: unknown): string {
  return v === undefined ? 'nothing' : JSON.stringify(v);
}
