/**
 * The scheme model: what a YAML scheme file says, after validation. Key names here are the keys
 * in the YAML and in schemas/scheme.schema.json (the single source of truth for validation);
 * test/scheme/schema-types.test.ts keeps the two in step.
 *
 * Strings that may come from the environment are written `${env:NAME}` or `${env:NAME:-default}`
 * in YAML; after `resolveSecrets` they hold the value.
 */

/** A duration as written in a scheme: `90s`, `10m`, `2h`, `7d`. */
export type Duration = string;

/** Qimen (奇门) gateway credentials and behaviour. */
export interface QimenConnection {
  type: 'qimen';
  /** Gateway URL, e.g. `http://a1q40taq0j.api.taobao.com/router/qm`. */
  url: string;
  appKey: string;
  appSecret: string;
  customerId: string;
  /** Jushuitan's app key on the gateway; default `23060081`. */
  targetAppKey?: string;
  /** Default `md5`. */
  signMethod?: 'md5' | 'hmac' | 'hmac-sha256';
  /** `body`: every param in the form body (default); `query`: system params in the query string as the Java SDK does. */
  systemParamsIn?: 'body' | 'query';
  timeoutMs?: number;
  rateLimit?: {
    /** Default 5. */
    perSecond?: number;
    /** Default 100. */
    perMinute?: number;
    /** A ban longer than this stops the run instead of waiting. Default 120. */
    maxBanWaitSec?: number;
  };
  retry?: { maxAttempts?: number; baseDelayMs?: number; maxDelayMs?: number };
}

/** Kingdee K/3 Cloud WebAPI credentials and behaviour. */
export interface K3CloudConnection {
  type: 'k3cloud';
  /** Base URL ending in `/k3cloud/`. */
  url: string;
  acctId: string;
  username: string;
  /** `password` = ValidateUser; `appSecret` = LoginByAppSecret; `sign` = LoginBySign; `signatureHeaders` = X-Api-* / X-Kd-* headers on every call. */
  auth: 'password' | 'appSecret' | 'sign' | 'signatureHeaders';
  password?: string;
  appId?: string;
  appSecret?: string;
  /** LoginBySign digest; `sha1` for servers older than PT-146911 8.0.0.202205. Default `sha256`. */
  signAlgorithm?: 'sha256' | 'sha1';
  /** Default 2052. */
  lcid?: number;
  /** Organisation number sent in X-Kd-Appdata; default `0`. */
  orgNum?: string;
  timeoutMs?: number;
  retry?: { maxAttempts?: number; baseDelayMs?: number; maxDelayMs?: number };
}

export type Connection = QimenConnection | K3CloudConnection;
export type ConnectionType = Connection['type'];

/** How the time range of one request is chosen. Times are wall-clock in `timezone`. */
export interface WindowSpec {
  startParam: string;
  endParam: string;
  /** Only `yyyy-MM-dd HH:mm:ss` is supported today. */
  format: 'yyyy-MM-dd HH:mm:ss';
  /** IANA zone; `Asia/Shanghai` for Jushuitan. */
  timezone: string;
  /** The API's largest allowed span (7d for the sales-out query). */
  maxSpan: Duration;
  /** The span of each window the planner makes (≤ maxSpan). */
  step: Duration;
  /** Each run starts this far before the checkpoint, to catch late modifications. */
  lookback: Duration;
  /** Never read closer to now than this. */
  lag: Duration;
  /** Where the very first run starts, `yyyy-MM-dd HH:mm:ss` in `timezone`. */
  firstRunStart: string;
  /**
   * Windows read at once, 1–8; default 1 (one after another). All share the connection's one rate
   * budget; worth raising when a page takes longer than the budget's interval between calls.
   */
  parallel?: number;
}

/** How pages within one window are walked. */
export interface PagingSpec {
  /** `page`: page number + size; `cursor`: a row-version cursor such as `start_ts`. */
  mode: 'page' | 'cursor';
  pageParam: string;
  sizeParam: string;
  size: number;
  /** The API's maximum page size; `size` may not exceed it. */
  maxSize: number;
  /** Default 1. */
  firstPage?: number;
  /** Which fact ends the page walk. */
  stopOn: 'hasNext' | 'emptyPage' | 'shortPage';
  hasNextField?: string;
  totalField?: string;
  /** A window whose total exceeds this is split in two instead of paged deep. */
  bisectAbove?: number;
  /** Safety stop against never-ending page counts. Default 1000. */
  maxPages?: number;
  cursor?: {
    param: string;
    /** Record field holding the row version, e.g. `ts`. */
    field: string;
    initial: string;
    /** Extra params sent in cursor mode, e.g. `is_get_total: false`. */
    params?: Record<string, string | number | boolean>;
  };
}

export interface SourceSpec {
  connection: string;
  /** API method, e.g. `jushuitan.saleout.list.query`. */
  method: string;
  /** Fixed business params sent with every request. */
  params?: Record<string, string | number | boolean>;
  /** Key of the record array inside the unwrapped response, e.g. `datas`. */
  records: string;
  /** Record field that is the business key, e.g. `io_id`. */
  key: string;
  /** Record field that is the record's version, e.g. `modified`. */
  version: string;
  /** Fields (top level or `items.x`) always kept as exact strings (big ids). */
  idFields?: string[];
  /** Fields normalised to decimal strings (money that arrives as number or string). */
  moneyFields?: string[];
  window: WindowSpec;
  paging: PagingSpec;
}

/** A named lookup table: a CSV/JSON file next to the scheme or inline entries. */
export interface LookupSpec {
  description?: string;
  /** Path relative to the scheme file (`.csv` or `.json`). */
  file?: string;
  /** CSV column holding the key; default `key`. */
  keyColumn?: string;
  /** CSV column holding the value; default `value`. */
  valueColumn?: string;
  entries?: Record<string, string>;
  /** `park`: a miss parks the record with LOOKUP_MISS; `default`: use `default`. */
  onMiss: 'park' | 'default';
  default?: string;
  /** The target master data the values must exist in; `ferry check` verifies every value. */
  masterData?: { formId: string; useOrg?: string };
}

/** A record must satisfy `keep`, else it is skipped with `reason`. */
export interface FilterRule {
  keep: string;
  reason: string;
}

/** A data-quality check; a record failing it is parked with `message`. */
export interface Assertion {
  on: 'source' | 'document';
  check: string;
  message: string;
}

/** A mapping tree: leaves are JSONata expressions (strings) or literals; `$forEach` builds entry arrays. */
export type MappingNode = { [field: string]: MappingValue };
export type MappingValue = string | number | boolean | MappingNode | MappingForEach;
export interface MappingForEach {
  /** Expression yielding the items to iterate; always treated as an array. */
  $forEach: string;
  /** The entry built per item; inside it the item is the context and `$record` is the whole source record. */
  $entry: MappingNode;
}

export interface MappingSpec {
  document: MappingNode;
  /** Dotted paths (`FNote`, `FEntity.FEntrynote`) that may be empty; every other leaf must yield a value. */
  optional?: string[];
}

/** Kingdee Save/BatchSave control parameters, camelCase here, PascalCase on the wire. */
export interface SaveOptions {
  isAutoSubmitAndAudit?: boolean;
  isVerifyBaseDataField?: boolean;
  validateFlag?: boolean;
  isDeleteEntry?: boolean;
  isEntryBatchFill?: boolean;
  numberSearch?: boolean;
  isAutoAdjustField?: boolean;
  interationFlags?: string;
  needReturnFields?: string[];
}

/** Master-data existence checks run before a batch is written. */
export interface PreflightCheck {
  /** Human name used in messages: `material`, `customer`, `stock`. */
  kind: string;
  formId: string;
  /** Dotted path of the number in the mapped document, e.g. `FEntity.FMaterialId.FNumber`. */
  field: string;
  /** Filter by use organisation number (vars or literal); omit for forms without one. */
  useOrg?: string;
}

export interface TargetSpec {
  connection: string;
  formId: string;
  operation: 'batchSave' | 'save';
  batchSize: number;
  /** Mapped field holding the bill number, e.g. `FBillNo`. */
  billNoField: string;
  /** What to do when a source record changed after it was written. */
  onChange: 'skip' | 'update' | 'park';
  options?: SaveOptions;
  /** Extra operations after save, as tracked steps (instead of isAutoSubmitAndAudit). */
  chain?: Array<'submit' | 'audit'>;
  preflight?: { enabled: boolean; checks: PreflightCheck[] };
  /** Most write calls in flight; default 2, halved while Kingdee pushes back (MsgCode 13/14, latency). */
  concurrency?: number;
}

export interface ScheduleSpec {
  cron: string;
  timezone?: string;
}

export interface Scheme {
  name: string;
  version: string;
  description?: string;
  /** Values the mapping can read as `$vars.name` (org numbers and the like). */
  vars?: Record<string, string | number | boolean>;
  connections: Record<string, Connection>;
  source: SourceSpec;
  lookups?: Record<string, LookupSpec>;
  filter?: FilterRule[];
  mapping: MappingSpec;
  assertions?: Assertion[];
  target: TargetSpec;
  schedule?: ScheduleSpec;
  /** Test-case files (globs relative to the scheme) run by `ferry test`. */
  tests?: string[];
}
