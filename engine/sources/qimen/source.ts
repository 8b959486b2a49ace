import { FerryError } from '../../errors.js';
import type { Logger } from '../../log.js';
import type { QimenConnection, SourceSpec } from '../../scheme/types.js';
import { normalizeRecord, toFlag } from '../normalize.js';
import { readCursorPages } from '../paging/cursor-walker.js';
import { readPagedWindow } from '../paging/page-walker.js';
import { DeliveredVersions, type FetchedPage, type KeyedRecord } from '../paging/types.js';
import { DEFAULT_RATE_LIMITS, type RateBudgetRegistry, sharedRateBudgets } from '../rate-limit.js';
import { callWithRetry, type RetryPolicy } from '../retry.js';
import type { SourceConnector, SourcePage, TimeWindow } from '../types.js';
import { formatWallClock } from '../wall-clock.js';
import { windowDurations } from '../windows.js';
import { createQimenClient, type QimenParams } from './client.js';
import { qimenEndpoint } from './errors.js';

/** Effects and shared state a Qimen source uses; everything but the logger has a real default. */
export interface QimenSourceDeps {
  logger: Logger;
  fetch?: typeof fetch;
  /** Epoch ms; signs timestamps and drives the rate budget. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1). */
  random?: () => number;
  /** Budgets by credential; default the process-wide registry. */
  rateBudgets?: RateBudgetRegistry;
}

const LIST_FALLBACKS = ['datas', 'orders', 'list'];

function validateSpec(spec: SourceSpec): void {
  const { paging } = spec;
  if (paging.size > paging.maxSize || paging.size < 1) {
    throw new FerryError('SCHEMA_INVALID', `paging.size ${paging.size} must be between 1 and the API's maxSize ${paging.maxSize}`, {
      hint: 'Jushuitan sales-out pages hold at most 50 records',
    });
  }
  if (paging.mode === 'cursor' && !paging.cursor) {
    throw new FerryError('SCHEMA_MISSING_KEY', 'paging.mode is cursor but paging.cursor is missing');
  }
  windowDurations(spec.window);
}

function toCount(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Creates the Jushuitan-over-Qimen source: signs and posts `spec.method`, honours the shared rate
 * budget of (appKey, customerId), retries transient failures per `conn.retry`, and pages with the
 * guards of paging/. `readWindow` requests [start, end] inclusive and delivers a record sitting on
 * the boundary shared with the previous window once. Throws SCHEMA_INVALID for a page size above
 * `paging.maxSize` or a window step above `maxSpan`.
 */
export function createQimenSource(conn: QimenConnection, spec: SourceSpec, deps: QimenSourceDeps): SourceConnector {
  validateSpec(spec);
  const { logger } = deps;
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const client = createQimenClient(conn, { fetch: deps.fetch, now });
  const budget = (deps.rateBudgets ?? sharedRateBudgets).get(`qimen:${conn.appKey}:${conn.customerId}`, {
    perSecond: conn.rateLimit?.perSecond ?? DEFAULT_RATE_LIMITS.perSecond,
    perMinute: conn.rateLimit?.perMinute ?? DEFAULT_RATE_LIMITS.perMinute,
  });
  const policy: RetryPolicy = { ...conn.retry, maxBanWaitSec: conn.rateLimit?.maxBanWaitSec };
  const clock = { now, sleep, random: deps.random };
  const { paging, window: windowSpec } = spec;
  const rules = { idFields: spec.idFields, moneyFields: spec.moneyFields };
  let previous: { end: string; delivered: DeliveredVersions } | undefined;

  async function fetchPage(params: QimenParams, signal: AbortSignal | undefined, retry: RetryPolicy = policy): Promise<FetchedPage> {
    const body = await callWithRetry(() => client.call(spec.method, params, signal), budget, retry, clock, ({ attempt, waitMs, error }) =>
      logger.warn({ code: error.code, remoteCode: error.remote?.code, attempt, waitMs }, 'qimen call failed; retrying'),
    );
    const key = spec.records in body ? spec.records : LIST_FALLBACKS.find((k) => k in body);
    const list = key === undefined ? [] : (body[key] ?? []);
    if (!Array.isArray(list)) {
      const endpoint = qimenEndpoint(spec.method, conn.url);
      throw new FerryError('SOURCE_BAD_RESPONSE', `${endpoint}: "${key}" is not an array`, { retryable: true, remote: { endpoint } });
    }
    const records = list.map((r) => normalizeRecord(r as Record<string, unknown>, rules));
    return {
      records,
      hasNext: toFlag(body[paging.hasNextField ?? 'has_next']),
      total: paging.totalField ? toCount(body[paging.totalField]) : undefined,
    };
  }

  function identify(raw: Record<string, unknown>): KeyedRecord {
    const key = raw[spec.key];
    const version = raw[spec.version];
    if ((typeof key !== 'string' && typeof key !== 'number') || key === '' || version === undefined || version === null) {
      throw new FerryError('SOURCE_BAD_RESPONSE', `a ${spec.method} record lacks its key "${spec.key}" or version "${spec.version}"`, {
        hint: 'check source.key and source.version',
      });
    }
    return { key: String(key), version: String(version), raw };
  }

  async function* readWindow(window: TimeWindow, signal?: AbortSignal): AsyncGenerator<SourcePage> {
    if (paging.mode !== 'page') throw new FerryError('USAGE', 'this source pages by cursor: call readCursor');
    const delivered = new DeliveredVersions(previous?.end === window.start ? previous.delivered : undefined);
    let pageIndex = 0;
    const pages = readPagedWindow(window, {
      paging,
      timeZone: windowSpec.timezone,
      identify,
      delivered,
      onEvent: (event) => logger.info({ ...event }, 'qimen paging'),
      fetchPage: (range, pageNo) =>
        fetchPage(
          {
            ...spec.params,
            [windowSpec.startParam]: range.start,
            [windowSpec.endParam]: range.end,
            [paging.pageParam]: pageNo,
            [paging.sizeParam]: paging.size,
          },
          signal,
        ),
    });
    for await (const records of pages) {
      pageIndex++;
      yield { window, pageIndex, records: records.map((r) => ({ ...r, window })) };
    }
    previous = { end: window.end, delivered };
  }

  async function* readCursor(cursor: string, signal?: AbortSignal): AsyncGenerator<SourcePage> {
    const c = paging.cursor;
    if (paging.mode !== 'cursor' || !c) throw new FerryError('USAGE', 'this source pages by time window: call readWindow');
    let pageIndex = 0;
    const pages = readCursorPages(cursor, {
      identify,
      field: c.field,
      size: paging.size,
      fetchPage: (at) =>
        fetchPage({ ...spec.params, ...c.params, [c.param]: at, [paging.pageParam]: paging.firstPage ?? 1, [paging.sizeParam]: paging.size }, signal),
    });
    for await (const page of pages) {
      pageIndex++;
      // Cursor pages have no time window; the window records the row-version range instead.
      const window = { start: page.cursorBefore, end: page.cursor };
      yield { window, pageIndex, cursor: page.cursor, records: page.records.map((r) => ({ ...r, window })) };
    }
  }

  async function ping(): Promise<void> {
    const t = now();
    const zone = windowSpec.timezone;
    await fetchPage(
      {
        ...spec.params,
        [windowSpec.startParam]: formatWallClock(t - 60_000, zone),
        [windowSpec.endParam]: formatWallClock(t, zone),
        [paging.pageParam]: paging.firstPage ?? 1,
        [paging.sizeParam]: 1,
      },
      undefined,
      { ...policy, maxAttempts: 1 },
    );
  }

  return { readWindow, readCursor, ping };
}
