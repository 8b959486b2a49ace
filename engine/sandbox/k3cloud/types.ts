/**
 * Public types of the sandbox K/3 Cloud server: its options, its runtime-mutable fault switches,
 * what it stores and what it counts. Tests and `ferry sandbox` hold a `K3Sandbox` handle.
 */

/** Document status of a bill: Z draft, A created, B under review, C audited, D re-review (spec §3.3). */
export type BillStatus = 'Z' | 'A' | 'B' | 'C' | 'D';

/**
 * Fault switches, mutable while the server runs (`sandbox.faults.callLimitNext = 2`). Counters
 * named `…Next` apply to that many matching calls and count down to 0.
 */
export interface K3Faults {
  /** Every Nth business call finds every session expired first (MsgCode 1 unless signature headers re-authenticate). */
  expireSessionEvery?: number;
  /** The next N business calls answer MsgCode 14 (call limit) and do nothing. */
  callLimitNext?: number;
  /** The next N calls of any service answer HTTP 500 and do nothing. */
  http5xxNext?: number;
  /** The next N calls of any service answer `response_error:{KDException}` and do nothing. */
  responseErrorNext?: number;
  /** Extra delay before every answer, ms. */
  slowMs?: number;
  /** The next N Save/BatchSave calls commit, then destroy the socket without answering. */
  commitThenDropNext?: number;
  /** The next N Save/BatchSave calls commit, then answer only after `commitThenDelayMs`. */
  commitThenDelayNext?: number;
  /** Delay of `commitThenDelayNext`, ms (default 5000): set it past the client's timeout. */
  commitThenDelayMs?: number;
  /** Models at these BatchSave positions (DIndex) fail with a business-rule error. */
  rejectDIndex?: number[];
  /** Models with these FBillNo fail with a business-rule error. */
  rejectBillNos?: string[];
  /** Audit of these bill numbers fails (per bill), e.g. for insufficient stock. */
  failAuditBillNos?: string[];
  /** Answer the firewall rejection array when any text value of a request contains `<` (spec §6.19). */
  wafOnLessThan?: boolean;
}

/** Options of `startK3CloudSandbox`; every one has a default. */
export interface K3SandboxOptions {
  acctId?: string;
  username?: string;
  password?: string;
  /** `<clientId>_<32 base64 chars>`, as Kingdee issues them. */
  appId?: string;
  appSecret?: string;
  /** Idle expiry of a session, sliding; default 1200 (20 minutes, as Kingdee). */
  sessionTtlSec?: number;
  /** true = a BatchSave with any invalid model saves none; default false = each valid model is committed. */
  atomicBatch?: boolean;
  /** Delay before every answer, ms. */
  latencyMs?: number;
  /**
   * Service time of each Save/BatchSave, ms, from the request's arrival to the answer (the
   * sandbox's own work counts toward it; concurrent saves overlap in it). The bills are committed
   * at the start of it, so a client that gives up early leaves a saved bill behind, as with Kingdee.
   */
  saveLatencyMs?: number;
  /** More Save/BatchSave calls in flight than this are answered MsgCode 14. */
  maxConcurrentSaves?: number;
  faults?: K3Faults;
  /** Clock for session expiry and bill dates; default Date.now. */
  now?: () => number;
}

/** The credentials the sandbox accepts, for building a connection. */
export interface K3SandboxCredentials {
  acctId: string;
  username: string;
  password: string;
  appId: string;
  appSecret: string;
}

/** A bill as stored: the model exactly as sent (plus FID, FBillNo, FDocumentStatus) and its entries. */
export interface StoredBill {
  formId: string;
  id: number;
  number: string;
  status: BillStatus;
  model: Record<string, unknown>;
  /** The entry rows (FEntity), each with an `FEntryID`. */
  entries: Record<string, unknown>[];
}

/** Counters for assertions. */
export interface K3SandboxStats {
  /** Requests per service method name (`ValidateUser`, `BatchSave`, …), counted on arrival. */
  calls: Record<string, number>;
  /** Bills committed by Save/BatchSave (creates and updates). */
  saves: number;
  /** Sessions created (by a login service or by signature headers). */
  sessionsCreated: number;
  /**
   * Models refused because their FBillNo was already taken (MsgCode 11): each one a second write
   * of a bill that a Kingdee without the uniqueness rule would have stored twice.
   */
  billNoConflicts: number;
}

/** A running sandbox. */
export interface K3Sandbox {
  /** Base URL ending in `/k3cloud/`. */
  url: string;
  credentials: K3SandboxCredentials;
  /** The live fault switches; mutate to inject faults. */
  faults: K3Faults;
  stats: K3SandboxStats;
  /** Deep copies of the stored bills, in creation order. */
  bills(): StoredBill[];
  /** Drops every session now (as an IIS recycle would). */
  expireSessions(): void;
  close(): Promise<void>;
}
