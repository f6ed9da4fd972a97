// A zone's configuration as zonecfg reports it, parsed into a typed object.
import { NotFoundError, ToolFailedError } from '../errors';
import type { Host } from '../hosts/registry';
import { saysNoSuchZone } from '../illumos/absence';
import { parseZonecfgInfo } from '../illumos/parse';
import type { ZoneConfig } from '../illumos/types';
import { zonecfgInfo } from '../illumos/zonecfg';
import { describeToolFailure } from './errors';

export async function readZoneConfig(host: Host, zone: string, options: { background?: boolean } = {}): Promise<ZoneConfig> {
  const result = await host.runner.run(zonecfgInfo(zone), { timeoutMs: 10_000, background: options.background });
  if (result.exitCode !== 0) {
    throw saysNoSuchZone(result.stderr)
      ? new NotFoundError(`zone '${zone}' does not exist on ${host.name}`)
      : new ToolFailedError(describeToolFailure('zonecfg info', result));
  }
  return parseZonecfgInfo(result.stdout);
}
