/**
 * Save-time validation of one Model against a form's metadata, with the real server's messages
 * (spec §6.7–§6.8): unknown top-level field → MsgCode 9 `元数据中标识为X的字段不存在`; missing
 * required header field → `字段“客户”是必填项`; missing entry field →
 * `单据体实体【明细信息】第【1】行分录，【仓库】字段必录`. A `{FNumber}` that resolves to nothing
 * behaves like a missing value, or, with IsVerifyBaseDataField, gets its own base-data message.
 */
import { getCI, isObject } from './envelope.js';
import { type BaseDataForm, findBaseRow } from './master-data.js';
import { type FieldMeta, type FormMeta, fieldCI } from './sal-outstock.js';

/** One problem with a model. */
export interface Issue {
  fieldName: string | null;
  message: string;
  msgCode: number;
}

/** The number a lookup value names (`{"FNumber":"X"}`, any key casing), or undefined. */
export function lookupNumber(value: unknown): string | undefined {
  if (!isObject(value)) return undefined;
  const n = getCI(value, 'FNumber');
  return typeof n === 'string' || typeof n === 'number' ? String(n) : undefined;
}

type Check = { kind: 'ok' } | { kind: 'missing' } | { kind: 'unknownBaseData'; number: string };

function checkValue(field: FieldMeta, value: unknown, baseData: Map<string, BaseDataForm>, verify: boolean): Check {
  if (field.lookup) {
    const number = lookupNumber(value);
    if (number === undefined || number === '') return field.required ? { kind: 'missing' } : { kind: 'ok' };
    if (findBaseRow(baseData, field.lookup, number)) return { kind: 'ok' };
    if (verify) return { kind: 'unknownBaseData', number };
    return field.required ? { kind: 'missing' } : { kind: 'ok' };
  }
  if (!field.required) return { kind: 'ok' };
  if (value === undefined || value === null || value === '') return { kind: 'missing' };
  if (field.numeric) {
    const n = Number(value);
    if (!Number.isFinite(n) || n === 0) return { kind: 'missing' };
  }
  return { kind: 'ok' };
}

function headerIssues(fields: FieldMeta[], obj: Record<string, unknown>, baseData: Map<string, BaseDataForm>, verify: boolean): Issue[] {
  const out: Issue[] = [];
  for (const field of fields) {
    const check = checkValue(field, getCI(obj, field.key), baseData, verify);
    if (check.kind === 'missing') out.push({ fieldName: field.key, message: `字段“${field.label}”是必填项`, msgCode: 11 });
    if (check.kind === 'unknownBaseData') {
      out.push({ fieldName: field.key, message: `字段“${field.label}”的值“${check.number}”在系统中不存在或已被禁用`, msgCode: 11 });
    }
  }
  return out;
}

/** Validates `model` (one element of Model); an empty list means it can be saved. */
export function validateModel(meta: FormMeta, model: Record<string, unknown>, baseData: Map<string, BaseDataForm>, verify: boolean): Issue[] {
  const issues: Issue[] = [];
  const subHeadKeys = Object.keys(meta.subHeads).map((k) => k.toLowerCase());
  for (const key of Object.keys(model)) {
    const lower = key.toLowerCase();
    if (fieldCI(meta.header, key) || subHeadKeys.includes(lower) || lower === meta.entry.key.toLowerCase()) continue;
    issues.push({ fieldName: key, message: `元数据中标识为${key}的字段不存在`, msgCode: 9 });
  }
  issues.push(...headerIssues(meta.header, model, baseData, verify));
  for (const [key, fields] of Object.entries(meta.subHeads)) {
    const sub = getCI(model, key);
    issues.push(...headerIssues(fields, isObject(sub) ? sub : {}, baseData, verify));
  }

  const rows = getCI(model, meta.entry.key);
  if (!Array.isArray(rows) || rows.length === 0) {
    issues.push({ fieldName: meta.entry.key, message: `单据体【${meta.entry.label}】至少需要录入一行分录`, msgCode: 11 });
    return issues;
  }
  rows.forEach((row: unknown, i) => {
    const entry = isObject(row) ? row : {};
    const where = `单据体实体【${meta.entry.label}】第【${i + 1}】行分录，`;
    for (const field of meta.entry.fields) {
      const check = checkValue(field, getCI(entry, field.key), baseData, verify);
      if (check.kind === 'missing') issues.push({ fieldName: field.key, message: `${where}【${field.label}】字段必录`, msgCode: 11 });
      if (check.kind === 'unknownBaseData') {
        issues.push({
          fieldName: field.key,
          message: `${where}【${field.label}】字段的值“${check.number}”在系统中不存在或已被禁用`,
          msgCode: 11,
        });
      }
    }
  });
  return issues;
}
