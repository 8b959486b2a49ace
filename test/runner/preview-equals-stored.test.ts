import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordsFromPayload } from '../../engine/cli/input.js';
import { mapAll } from '../../engine/cli/preview-records.js';
import { silentLogger } from '../../engine/log.js';
import { createTarget } from '../../engine/registry.js';
import { type SandboxPair, startSandboxes } from '../../engine/sandbox/environment.js';
import { loadScheme } from '../../engine/scheme/load.js';
import { buildSaveRequest } from '../../engine/targets/k3cloud/save-body.js';

const SCHEME = 'schemes/jushuitan-saleout-to-kingdee.yaml';
const PAGE = 'schemes/jushuitan-saleout-to-kingdee/fixtures/page.json';
let pair: SandboxPair;

beforeAll(async () => {
  pair = await startSandboxes();
});
afterAll(async () => pair.close());

/** Entry rows without the key the server assigns. */
const withoutEntryId = (rows: Record<string, unknown>[]) => rows.map(({ FEntryID: _id, ...rest }) => rest);

describe('what preview shows is what Kingdee stores', () => {
  it('the previewed BatchSave documents, sent by the connector, are accepted and stored field for field', async () => {
    const loaded = await loadScheme(SCHEME, { env: pair.env });
    const records = recordsFromPayload(readFileSync(PAGE, 'utf8'), loaded.scheme.source, PAGE);
    const docs = (await mapAll(loaded, records)).flatMap((o) => (o.result.kind === 'write' ? [{ key: o.key, document: o.result.document }] : []));
    expect(docs.length).toBe(3);
    const previewBody = buildSaveRequest(loaded.scheme.target, docs.map((d) => d.document)).body;
    const target = createTarget(loaded.scheme, { logger: silentLogger() });
    const outcomes = await target.write(docs.map((d) => ({ key: d.key, billNo: String(d.document.FBillNo), model: d.document })));
    expect(outcomes.map((o) => o.kind)).toEqual(['written', 'written', 'written']);
    const models = previewBody.data.Model as Array<Record<string, unknown>>;
    for (const model of models) {
      const bill = pair.k3.bills().find((b) => b.number === model.FBillNo)!;
      expect(bill, `bill ${String(model.FBillNo)} stored`).toBeDefined();
      const { FEntity, ...header } = model;
      const { FID: _fid, FDocumentStatus: _status, FEntity: _entries, ...storedHeader } = bill.model;
      expect(storedHeader).toEqual(header);
      expect(withoutEntryId(bill.entries)).toEqual(FEntity);
      expect(bill.status).toBe('C'); // isAutoSubmitAndAudit: saved, submitted and audited
    }
    await target.close?.();
  });
});
