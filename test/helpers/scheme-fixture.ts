import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A minimal valid scheme; tests edit lines of it to make one mistake at a known place. */
export const MINIMAL_SCHEME = `name: minimal
version: 1.0.0
connections:
  src:
    type: qimen
    url: \${env:T_QIMEN_URL:-http://127.0.0.1:1/router/qm}
    appKey: key
    appSecret: \${env:T_QIMEN_SECRET:-s3cret-value}
    customerId: "1"
  dst:
    type: k3cloud
    url: http://127.0.0.1:1/k3cloud/
    acctId: a
    username: u
    auth: password
    password: \${env:T_K3_PASSWORD:-pa55word-value}
source:
  connection: src
  method: jushuitan.saleout.list.query
  records: datas
  key: io_id
  version: modified
  window:
    startParam: start_time
    endParam: end_time
    format: yyyy-MM-dd HH:mm:ss
    timezone: Asia/Shanghai
    maxSpan: 7d
    step: 1d
    lookback: 10m
    lag: 2m
    firstRunStart: "2024-05-01 00:00:00"
  paging:
    mode: page
    pageParam: page_index
    sizeParam: page_size
    size: 50
    maxSize: 50
    stopOn: emptyPage
lookups:
  shops:
    entries: { "1": C1 }
    onMiss: park
mapping:
  document:
    FBillNo: "'X-' & io_id"
    FCustomerID: { FNumber: "$lookup('shops', shop_id)" }
target:
  connection: dst
  formId: SAL_OUTSTOCK
  operation: batchSave
  batchSize: 50
  billNoField: FBillNo
  onChange: skip
`;

/** Writes `text` as a scheme file in a fresh temp folder (plus extra files) and returns its path. */
export function writeScheme(text: string, extra: Record<string, string | Buffer> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-scheme-'));
  const file = join(dir, 'scheme.yaml');
  writeFileSync(file, text);
  for (const [name, content] of Object.entries(extra)) writeFileSync(join(dir, name), content);
  return file;
}

/** Replaces exactly one occurrence of `from` in the minimal scheme (throws if absent, so a test cannot silently test nothing). */
export function edit(from: string, to: string, base = MINIMAL_SCHEME): string {
  const i = base.indexOf(from);
  if (i < 0 || base.indexOf(from, i + 1) >= 0) throw new Error(`"${from}" must occur exactly once in the scheme`);
  return base.slice(0, i) + to + base.slice(i + from.length);
}
