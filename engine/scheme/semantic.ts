import { CronExpressionParser } from 'cron-parser';
import { FerryError, type SchemeLocation } from '../errors.js';
import { didYouMean } from './suggest.js';
import { parseDuration } from './duration.js';
import type { ConnectionType, Scheme } from './types.js';

type Locate = (pointer: string) => SchemeLocation;

/**
 * Checks a schema-valid scheme for what JSON Schema cannot say: references to connections of the
 * right type, windows that fit the API, page sizes within the maximum, a valid cron expression.
 */
export function checkSemantics(scheme: Scheme, locate: Locate): FerryError[] {
  const problems: FerryError[] = [];
  const names = Object.keys(scheme.connections);
  const ref = (pointer: string, name: string, type: ConnectionType) => {
    const conn = scheme.connections[name];
    if (!conn) {
      const hint = didYouMean(name, names);
      problems.push(new FerryError('UNKNOWN_CONNECTION', `connection "${name}" is not defined${hint ? ` (did you mean "${hint}"?)` : `; defined: ${names.join(', ')}`}`, { at: locate(pointer) }));
    } else if (conn.type !== type) {
      problems.push(new FerryError('CONNECTION_TYPE_MISMATCH', `connection "${name}" is of type "${conn.type}"; expected a "${type}" connection here`, { at: locate(pointer) }));
    }
  };
  ref('/source/connection', scheme.source.connection, 'qimen');
  ref('/target/connection', scheme.target.connection, 'k3cloud');

  const w = scheme.source.window;
  const ms = (key: keyof typeof w) => {
    try {
      return parseDuration(String(w[key]));
    } catch (e) {
      problems.push(new FerryError('BAD_DURATION', (e as Error).message, { at: locate(`/source/window/${key}`) }));
      return Number.NaN;
    }
  };
  const step = ms('step');
  const maxSpan = ms('maxSpan');
  if (step > maxSpan) {
    problems.push(new FerryError('SCHEMA_INVALID', `window step ${w.step} is longer than the API's maximum span ${w.maxSpan}; expected step ≤ maxSpan`, { at: locate('/source/window/step') }));
  }
  ms('lookback');
  ms('lag');
  if (!isValidZone(w.timezone)) {
    problems.push(new FerryError('SCHEMA_INVALID', `"${w.timezone}" is not an IANA time zone; expected e.g. Asia/Shanghai`, { at: locate('/source/window/timezone') }));
  }
  const p = scheme.source.paging;
  if (p.size > p.maxSize) {
    problems.push(new FerryError('SCHEMA_INVALID', `page size ${p.size} exceeds the API maximum ${p.maxSize}`, { at: locate('/source/paging/size') }));
  }
  if (p.mode === 'cursor' && !p.cursor) {
    problems.push(new FerryError('SCHEMA_MISSING_KEY', 'paging mode "cursor" needs a "cursor" section (param, field, initial)', { at: locate('/source/paging/mode') }));
  }
  if (p.stopOn === 'hasNext' && !p.hasNextField) {
    problems.push(new FerryError('SCHEMA_MISSING_KEY', 'stopOn "hasNext" needs "hasNextField" (e.g. has_next)', { at: locate('/source/paging/stopOn') }));
  }
  if (p.bisectAbove !== undefined && !p.totalField) {
    problems.push(new FerryError('SCHEMA_MISSING_KEY', '"bisectAbove" needs "totalField" (e.g. data_count)', { at: locate('/source/paging/bisectAbove') }));
  }
  if (scheme.target.operation === 'save' && scheme.target.batchSize !== 1) {
    problems.push(new FerryError('SCHEMA_INVALID', `operation "save" writes one bill per call; expected batchSize 1, found ${scheme.target.batchSize}`, { at: locate('/target/batchSize') }));
  }
  if (scheme.target.chain?.length && scheme.target.options?.isAutoSubmitAndAudit) {
    problems.push(new FerryError('SCHEMA_INVALID', '"chain" and options.isAutoSubmitAndAudit both submit and audit; choose one', { at: locate('/target/chain') }));
  }
  if (scheme.schedule) {
    try {
      CronExpressionParser.parse(scheme.schedule.cron, { tz: scheme.schedule.timezone ?? 'Asia/Shanghai' });
    } catch (e) {
      problems.push(new FerryError('BAD_CRON', `"${scheme.schedule.cron}" is not a valid cron expression: ${(e as Error).message}`, { at: locate('/schedule/cron') }));
    }
  }
  return problems;
}

const zoneChecks = new Map<string, boolean>();

/** Whether Intl knows the zone; memoised, since building a DateTimeFormat is slow (~1 ms). */
function isValidZone(zone: string): boolean {
  let ok = zoneChecks.get(zone);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      ok = true;
    } catch {
      ok = false;
    }
    zoneChecks.set(zone, ok);
  }
  return ok;
}
