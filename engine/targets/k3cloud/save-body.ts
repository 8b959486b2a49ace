import type { SaveOptions, TargetSpec } from '../../scheme/types.js';

/** The service path (without base URL) and JSON body of one Save/BatchSave call. */
export interface SaveRequest {
  service: string;
  body: { formid: string; data: Record<string, unknown> };
}

export const SERVICE_PREFIX = 'Kingdee.BOS.WebApi.ServicesStub.';

/** `isAutoSubmitAndAudit` → `IsAutoSubmitAndAudit`: scheme keys are camelCase, Kingdee's PascalCase. */
function wireKey(key: string): string {
  return key.charAt(0).toUpperCase() + key.slice(1);
}

/** Save control parameters as Kingdee expects them in `data`. */
export function saveControlParams(options: SaveOptions | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(options ?? {})) {
    if (v !== undefined) out[wireKey(k)] = v;
  }
  return out;
}

/**
 * Builds the exact request body of a Save (one model) or BatchSave (many) call in body shape A
 * (spec §1.3): `{formid, data:{...control params, Model}}`. Pure, so `ferry preview` shows what
 * the connector sends. `BatchCount` is never set: it breaks DIndex mapping (spec §4.3).
 */
export function buildSaveRequest(target: TargetSpec, models: Record<string, unknown>[]): SaveRequest {
  const batch = target.operation === 'batchSave';
  if (!batch && models.length !== 1) {
    throw new RangeError(`save takes exactly one model, got ${models.length}`);
  }
  return {
    service: `${SERVICE_PREFIX}DynamicFormService.${batch ? 'BatchSave' : 'Save'}`,
    body: {
      formid: target.formId,
      data: { ...saveControlParams(target.options), Model: batch ? models : models[0] },
    },
  };
}
