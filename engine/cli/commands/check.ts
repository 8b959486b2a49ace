import { FerryError, toFerryError } from '../../errors.js';
import { openContext } from '../context.js';
import type { RegisterCommand } from './index.js';

interface CheckLine {
  ok: boolean;
  what: string;
  detail?: string;
}

/** `ferry check <scheme>`: both ends reachable with these credentials, and the lookup tables' values exist in Kingdee. */
export const registerCheck: RegisterCommand = (program, io, setExit) => {
  program
    .command('check')
    .description('log in to both ends, run a harmless query on each, and check that every lookup value exists in Kingdee master data')
    .argument('<scheme>', 'scheme file')
    .option('--state <path>', 'state database (default .ferry/state.db, or $FERRY_STATE)')
    .addHelpText('after', '\nExample:\n  $ ferry check schemes/jushuitan-saleout-to-kingdee.yaml\n')
    .action(async (schemePath: string, opts: { state?: string }) => {
      const ctx = await openContext(schemePath, io, { ...(opts.state !== undefined && { state: opts.state }) });
      const lines: CheckLine[] = [];
      const { scheme } = ctx.loaded;
      try {
        lines.push(await probe(`source ${scheme.source.connection} (${scheme.connections[scheme.source.connection]?.type}): signed request accepted, clock within limits`, () => ctx.source.ping()));
        const targetOk = await probe(`target ${scheme.target.connection} (${scheme.connections[scheme.target.connection]?.type}): logged in, query answered`, () => ctx.target.ping());
        lines.push(targetOk);
        if (targetOk.ok && ctx.target.queryMasterData) lines.push(...(await masterData(ctx)));
      } finally {
        await ctx.close();
      }
      for (const l of lines) io.out(`${l.ok ? '✓' : '✗'} ${l.what}${l.detail ? `\n    ${l.detail}` : ''}\n`);
      const bad = lines.filter((l) => !l.ok).length;
      io.out(bad ? `\n${bad} problem(s) found\n` : '\nall checks passed\n');
      setExit(bad ? 1 : 0);
    });
};

async function probe(what: string, call: () => Promise<void>): Promise<CheckLine> {
  try {
    await call();
    return { ok: true, what };
  } catch (e) {
    return { ok: false, what: what.split(':')[0]!, detail: plain(toFerryError(e)) };
  }
}

/** An error in plain words: what failed, the remote's own code and message, and the hint. */
function plain(e: FerryError): string {
  const remote = e.remote ? ` (${e.remote.endpoint}${e.remote.code !== undefined ? ` code ${e.remote.code}` : ''})` : '';
  return `${e.code}: ${e.message}${remote}${e.hint ? `\n    hint: ${e.hint}` : ''}`;
}

async function masterData(ctx: Awaited<ReturnType<typeof openContext>>): Promise<CheckLine[]> {
  const { scheme, tables } = ctx.loaded;
  const lines: CheckLine[] = [];
  const vars = scheme.vars ?? {};
  const org = (ref: string | undefined) => (ref?.startsWith('$vars.') ? String(vars[ref.slice(6)] ?? '') : ref);
  const orgs = new Set(Object.values(scheme.lookups ?? {}).map((l) => org(l.masterData?.useOrg)).filter((o): o is string => Boolean(o)));
  for (const o of orgs) {
    const found = await ctx.target.queryMasterData!({ formId: 'ORG_Organizations', numbers: [o] }).catch(() => undefined);
    lines.push(found?.has(o) ? { ok: true, what: `organisation ${o} exists` } : { ok: false, what: `organisation ${o}`, detail: `not found in Kingdee ORG_Organizations (check vars in the scheme)` });
  }
  for (const [name, spec] of Object.entries(scheme.lookups ?? {})) {
    if (!spec.masterData) continue;
    const values = [...new Set(tables.get(name)?.entries.values() ?? [])];
    const useOrg = org(spec.masterData.useOrg);
    try {
      const found = await ctx.target.queryMasterData!({ formId: spec.masterData.formId, numbers: values, ...(useOrg && { useOrg }) });
      const missing = values.filter((v) => !found.has(v));
      lines.push(
        missing.length
          ? { ok: false, what: `lookup "${name}": ${missing.length} of ${values.length} value(s) do not exist in Kingdee ${spec.masterData.formId}${useOrg ? ` (org ${useOrg})` : ''}`, detail: `missing or disabled: ${missing.join(', ')}` }
          : { ok: true, what: `lookup "${name}": all ${values.length} value(s) exist in Kingdee ${spec.masterData.formId}${useOrg ? ` (org ${useOrg})` : ''}` },
      );
    } catch (e) {
      lines.push({ ok: false, what: `lookup "${name}"`, detail: plain(e instanceof FerryError ? e : toFerryError(e)) });
    }
  }
  return lines;
}
