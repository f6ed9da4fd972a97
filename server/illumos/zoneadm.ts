// argv builders for zoneadm (REFERENCE §1). Every zone name is validated again here, so an
// unchecked value never reaches an argv.
import type { ToolCall } from './types';
import {
  ValidationError,
  mustBe,
  validateBootArgs,
  validateBrandArgs,
  validateSnapshotName,
  validateZoneName,
} from './validate';

const zoneadm = (args: string[]): ToolCall => ({ tool: 'zoneadm', args });

function z(zone: string): string[] {
  return ['-z', mustBe('zone', validateZoneName(zone))];
}

/** Everything after `--` is the zone's boot-args string (§1.4). */
function bootArgsTail(bootArgs: readonly string[]): string[] {
  const words = mustBe('bootArgs', validateBootArgs(bootArgs));
  return words.length ? ['--', ...words] : [];
}

export type ZoneadmListFormat = 'cp' | 'ip' | 'cv';

/** `zoneadm list -cp` (all zones, parsable; the watcher's poll), `-ip` or `-cv`. */
export function zoneadmList(format: ZoneadmListFormat = 'cp'): ToolCall {
  if (!['cp', 'ip', 'cv'].includes(format)) {
    throw new ValidationError('format', `zoneadm list format must be cp, ip or cv`);
  }
  return zoneadm(['list', `-${format}`]);
}

/** `zoneadm -z Z install [brand args]`, e.g. `-e extra/pkg` or `-s /path/image.tar.gz`. */
export function zoneadmInstall(zone: string, brandArgs: readonly string[] = []): ToolCall {
  return zoneadm([...z(zone), 'install', ...mustBe('brandArgs', validateBrandArgs(brandArgs))]);
}

/** `zoneadm -z Z uninstall -F`: -F because a runner has no tty to answer the prompt. */
export function zoneadmUninstall(zone: string): ToolCall {
  return zoneadm([...z(zone), 'uninstall', '-F']);
}

export function zoneadmBoot(zone: string, bootArgs: readonly string[] = []): ToolCall {
  return zoneadm([...z(zone), 'boot', ...bootArgsTail(bootArgs)]);
}

export function zoneadmHalt(zone: string): ToolCall {
  return zoneadm([...z(zone), 'halt']);
}

/** Graceful shutdown; with `reboot` it boots again (`shutdown -r [-- args]`). */
export function zoneadmShutdown(zone: string, opts: { reboot?: boolean; bootArgs?: readonly string[] } = {}): ToolCall {
  const args = [...z(zone), 'shutdown'];
  if (opts.reboot) args.push('-r', ...bootArgsTail(opts.bootArgs ?? []));
  else if (opts.bootArgs?.length) throw new ValidationError('bootArgs', 'boot arguments only apply to shutdown -r (reboot)');
  return zoneadm(args);
}

export function zoneadmReboot(zone: string, bootArgs: readonly string[] = []): ToolCall {
  return zoneadm([...z(zone), 'reboot', ...bootArgsTail(bootArgs)]);
}

export function zoneadmReady(zone: string): ToolCall {
  return zoneadm([...z(zone), 'ready']);
}

export function zoneadmVerify(zone: string): ToolCall {
  return zoneadm([...z(zone), 'verify']);
}

/** `zoneadm -z Z clone [-s snapshot] SOURCE`; the ipkg-family clone scripts take no -m. */
export function zoneadmClone(zone: string, source: string, opts: { snapshot?: string } = {}): ToolCall {
  const target = z(zone);
  const src = mustBe('source', validateZoneName(source));
  if (src === zone) throw new ValidationError('source', 'a zone cannot be cloned from itself');
  const snap = opts.snapshot === undefined ? [] : ['-s', mustBe('snapshot', validateSnapshotName(opts.snapshot))];
  return zoneadm([...target, 'clone', ...snap, src]);
}
