// Starting the wizard from an existing configuration: a zone of the host (`zonecfg -z SRC
// export`) or a pasted export, turned into answers by provision-import.ts.
import { NotFoundError, ToolFailedError } from '../errors';
import type { Host } from '../hosts/registry';
import { saysNoSuchZone } from '../illumos/absence';
import { parseZonecfgExport, ParseError } from '../illumos/parse';
import type { ZoneConfig } from '../illumos/types';
import { ValidationError } from '../illumos/validate';
import { zonecfgExport } from '../illumos/zonecfg';
import { describeToolFailure } from './errors';
import { hostFacts } from './provision-facts';
import { importConfig, type ImportPatch } from './provision-import';
import { BRAND_INFO } from './provision-spec';


export type ImportResult = { ok: true; patch: ImportPatch } | { ok: false; message: string; line: number | null };

/** A zone of the host as the wizard's starting point (`zonecfg -z SRC export`). */
export async function cloneAnswers(host: Host, source: string): Promise<ImportResult> {
  const r = await host.runner.run(zonecfgExport(source), { timeoutMs: 10_000 });
  if (r.exitCode !== 0) {
    throw saysNoSuchZone(r.stderr)
      ? new NotFoundError(`zone '${source}' does not exist on ${host.name}`)
      : new ToolFailedError(describeToolFailure('zonecfg export', r));
  }
  const facts = await hostFacts(host, { fresh: true }); // one click, and the source's VNIC may be new
  return fromConfig(() => parseZonecfgExport(r.stdout, source), { kind: 'clone', from: `zone ${source}`, vnics: facts.vnics });
}

/** A pasted `zonecfg export` as the wizard's starting point. Runs nothing. */
export function importAnswers(text: string): ImportResult {
  return fromConfig(() => parseZonecfgExport(text), { kind: 'import', from: 'the imported configuration' });
}

function fromConfig(parse: () => ZoneConfig, ctx: Parameters<typeof importConfig>[1]): ImportResult {
  let config: ZoneConfig;
  try {
    config = parse();
  } catch (e) {
    if (e instanceof ParseError || e instanceof ValidationError) {
      return { ok: false, message: e.message, line: e instanceof ParseError && e.line > 0 ? e.line : null };
    }
    throw e;
  }
  // a brand the wizard cannot create is refused here, not after "Copied" at the review
  const unsupported = BRAND_INFO[config.brand]?.unsupported;
  if (unsupported) {
    const what = ctx.kind === 'clone' ? `Zone ${config.zonename || 'the source'}` : 'This configuration';
    return { ok: false, message: `${what} is a ${config.brand} zone: the wizard cannot create ${config.brand} zones (${unsupported})`, line: null };
  }
  return { ok: true, patch: importConfig(config, ctx) };
}
