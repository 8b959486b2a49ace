/**
 * The ledger's state machine as pure functions, shared by every store so that SQLite and
 * PostgreSQL refuse exactly the same things. A store reads the current rows, computes the next
 * ones here (which throws STATE_INVALID for a forbidden step) and writes them, all inside one
 * transaction.
 */
import { FerryError } from '../errors.js';
import type {
  LedgerErrorInput,
  LedgerRow,
  LedgerState,
  RecordFacts,
  Settlement,
  WritingIntent,
} from './store.js';

/** A row's state before a step; `none` when the row does not exist yet. */
export type FromState = LedgerState | 'none';

/**
 * Which states each target state may be reached from (`writing` is reached by `markWriting`).
 * The gaps are deliberate: a row in `writing`/`unknown` may only move to an outcome of its write
 * (written, unknown, parked) or back to `seen` after reconciliation — never straight into a new
 * write or a skip, which could duplicate or forget a bill; and `written` only comes from a write.
 */
export const ALLOWED_FROM: Readonly<Record<LedgerState, readonly FromState[]>> = {
  writing: ['none', 'seen', 'skipped', 'parked', 'written'],
  written: ['writing', 'unknown'],
  unknown: ['writing', 'unknown'],
  parked: ['none', 'seen', 'writing', 'unknown', 'written', 'skipped', 'parked'],
  skipped: ['none', 'seen', 'written', 'skipped', 'parked'],
  seen: ['none', 'seen', 'writing', 'unknown', 'skipped', 'parked'],
};

function invalid(key: string, message: string): FerryError {
  return new FerryError('STATE_INVALID', `ledger row "${key}": ${message}`, { recordKey: key });
}

function checkStep(key: string, from: FromState, to: LedgerState): void {
  if (!ALLOWED_FROM[to].includes(from)) {
    throw invalid(key, `cannot go from ${from === 'none' ? 'no row' : from} to ${to}`);
  }
}

/** Throws STATE_INVALID when a batch names a key twice or has an empty key. */
export function checkBatchKeys(items: readonly { key: string }[]): void {
  const seen = new Set<string>();
  for (const { key } of items) {
    if (typeof key !== 'string' || key === '') throw invalid(String(key), 'empty key');
    if (seen.has(key)) throw invalid(key, 'appears twice in one batch');
    seen.add(key);
  }
}

/** The stored form of an error: FerryError.toJSON(), or a plain object that has a string code. */
export function errorJson(key: string, error: LedgerErrorInput): Record<string, unknown> {
  const json = error instanceof FerryError ? error.toJSON() : error;
  if (typeof json !== 'object' || json === null || typeof json.code !== 'string') {
    throw invalid(key, 'an error must carry a string code');
  }
  return json;
}

/** Drops undefined properties so rows never hold `undefined` where the store has no value. */
function compact(row: LedgerRow): LedgerRow {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) if (v !== undefined) out[k] = v;
  return out as unknown as LedgerRow;
}

function pickFacts(facts: RecordFacts): RecordFacts {
  const { sourceVersion, contentHash, billNo, record, schemeVersion, windowStart, windowEnd } =
    facts;
  const out: RecordFacts = {
    sourceVersion,
    contentHash,
    billNo,
    record,
    schemeVersion,
    windowStart,
    windowEnd,
  };
  for (const k of Object.keys(out) as (keyof RecordFacts)[]) {
    if (out[k] === undefined) delete out[k];
  }
  return out;
}

/** The existing row with `facts` applied, or a new row built from them. */
function withFacts(
  scheme: string,
  key: string,
  existing: LedgerRow | undefined,
  facts: RecordFacts,
  now: string,
): LedgerRow {
  if (existing) return { ...existing, ...pickFacts(facts), updatedAt: now };
  if (typeof facts.sourceVersion !== 'string') {
    throw invalid(key, 'a new row needs a sourceVersion');
  }
  return {
    scheme,
    key,
    state: 'seen',
    attempts: 0,
    ...pickFacts(facts),
    sourceVersion: facts.sourceVersion,
    createdAt: now,
    updatedAt: now,
  };
}

/** The row after `markWriting`: `writing`, attempts + 1, the intent's facts stored. */
export function applyIntent(
  scheme: string,
  existing: LedgerRow | undefined,
  intent: WritingIntent,
  now: string,
): LedgerRow {
  checkStep(intent.key, existing?.state ?? 'none', 'writing');
  if (typeof intent.record !== 'object' || intent.record === null) {
    throw invalid(intent.key, 'a write intent needs the source record');
  }
  const row = withFacts(scheme, intent.key, existing, intent, now);
  return compact({ ...row, state: 'writing', attempts: row.attempts + 1 });
}

/** The row after one settlement; see `Settlement` for what each state keeps. */
export function applySettlement(
  scheme: string,
  existing: LedgerRow | undefined,
  s: Settlement,
  now: string,
): LedgerRow {
  checkStep(s.key, existing?.state ?? 'none', s.state);
  switch (s.state) {
    case 'written': {
      if (!existing) throw invalid(s.key, 'no row to mark written');
      if (!s.targetId || !s.targetNumber) throw invalid(s.key, 'written needs targetId and number');
      const { targetId, targetNumber } = s;
      const next = { ...existing, targetId, targetNumber, lastError: undefined, record: undefined };
      return compact({ ...next, state: 'written', updatedAt: now });
    }
    case 'unknown': {
      if (!existing) throw invalid(s.key, 'no row to mark unknown');
      const lastError = errorJson(s.key, s.error);
      return compact({ ...existing, state: 'unknown', lastError, updatedAt: now });
    }
    case 'parked': {
      const lastError = errorJson(s.key, s.error);
      const row = withFacts(scheme, s.key, existing, s, now);
      if (typeof row.record !== 'object' || row.record === null) {
        throw invalid(s.key, 'a parked row needs its source record for replay');
      }
      return compact({ ...row, state: 'parked', lastError });
    }
    case 'skipped': {
      if (typeof s.reason !== 'string') throw invalid(s.key, 'skipped needs a reason');
      const row = withFacts(scheme, s.key, existing, s, now);
      return compact({ ...row, state: 'skipped', lastError: { reason: s.reason }, record: s.record });
    }
    case 'seen': {
      const row = withFacts(scheme, s.key, existing, s, now);
      const lastError = s.error === undefined ? row.lastError : errorJson(s.key, s.error);
      return compact({ ...row, state: 'seen', lastError });
    }
    default:
      throw invalid((s as { key: string }).key, `unknown state ${(s as { state: string }).state}`);
  }
}
