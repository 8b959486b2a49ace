/**
 * Reading a KDSvc request body the way the server binds it (spec §1.3): named parameters
 * (shape A/D), a positional `parameters` array (shape B) or the legacy envelope whose
 * `parameters` is a JSON string (shape C). Parameter names and field keys match
 * case-insensitively; a `data` given as a JSON string is parsed.
 */

/** Positional parameter order of each service method, from the .NET signatures (lower case). */
export const POSITIONAL: Record<string, readonly string[]> = {
  validateuser: ['acctid', 'username', 'password', 'lcid'],
  loginbyappsecret: ['acctid', 'username', 'appid', 'appsecret', 'lcid'],
  loginbysign: ['acctid', 'username', 'appid', 'timestamp', 'sign', 'lcid'],
  executebillquery: ['data'],
};

/** Positional order for methods not listed: `(formid, data)` as Save, BatchSave, Audit… */
const FORM_METHOD = ['formid', 'data'] as const;

/** True for plain JSON objects. */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value under `key`, matched case-insensitively (`FNumber` = `FNUMBER`). */
export function getCI(obj: Record<string, unknown>, key: string): unknown {
  if (key in obj) return obj[key];
  const lower = key.toLowerCase();
  for (const k of Object.keys(obj)) if (k.toLowerCase() === lower) return obj[k];
  return undefined;
}

/** The actual key under which `key` is present (case-insensitively), if any. */
export function keyCI(obj: Record<string, unknown>, key: string): string | undefined {
  if (key in obj) return key;
  const lower = key.toLowerCase();
  return Object.keys(obj).find((k) => k.toLowerCase() === lower);
}

function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The parameters of a request, keyed by lower-case name, or a message saying why the body cannot
 * be bound. `method` is the lower-case service method name.
 */
export function bindParameters(body: unknown, method: string): Record<string, unknown> | string {
  if (!isObject(body)) return '请求参数格式错误';
  const rawPositional = getCI(body, 'parameters');
  const positional = typeof rawPositional === 'string' ? parseJsonText(rawPositional) : rawPositional;
  const params: Record<string, unknown> = {};
  if (Array.isArray(positional)) {
    const names = POSITIONAL[method] ?? FORM_METHOD;
    names.forEach((name, i) => {
      if (i < positional.length) params[name] = positional[i];
    });
  } else {
    for (const [k, v] of Object.entries(body)) params[k.toLowerCase()] = v;
  }
  if (typeof params.data === 'string') {
    const parsed = parseJsonText(params.data);
    if (parsed === undefined) return '接口参数data不是有效的JSON';
    params.data = parsed;
  }
  return params;
}
