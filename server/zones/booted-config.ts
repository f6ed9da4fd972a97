// The configuration each running zone booted with, so "what takes effect at the next boot"
// is the difference between it and the configuration now (illumos applies zonecfg changes
// when zoneadmd next readies the zone).
//
// A record is made when a boot or reboot run through the dashboard succeeds, and when a
// running zone is first seen without one (then it is the configuration at that moment: a
// change made before the dashboard first looked cannot be told apart). Each record carries the
// kernel zone id of that boot: a zone rebooted elsewhere comes back with another id, and its
// current configuration is then what it booted with. A zone that stops running loses its
// record. "Apply now" (prctl) folds the limits it changed on the running zone into the record.
import type { DB } from '../db/database';
import { normalizeConfig } from '../illumos/config-diff';
import type { ZoneConfig } from '../illumos/types';

export type BootSource = 'boot' | 'first-seen' | 'live';

export interface BootedRecord {
  host: string;
  zone: string;
  /** kernel zone id of the boot the record is about */
  boot: string;
  config: ZoneConfig;
  source: BootSource;
  recordedAt: number;
}

interface Row {
  host: string;
  zone: string;
  boot: string;
  config: string;
  source: BootSource;
  recorded_at: number;
}

export class BootedConfigs {
  constructor(private readonly db: DB) {}

  get(host: string, zone: string): BootedRecord | null {
    const r = this.db.prepare(`SELECT * FROM booted_configs WHERE host = ? AND zone = ?`).get(host, zone) as Row | undefined;
    if (!r) return null;
    return { host: r.host, zone: r.zone, boot: r.boot, config: JSON.parse(r.config) as ZoneConfig, source: r.source, recordedAt: r.recorded_at };
  }

  put(host: string, zone: string, boot: string, config: ZoneConfig, source: BootSource): BootedRecord {
    const recordedAt = Date.now();
    const normal = normalizeConfig(config);
    this.db
      .prepare(
        `INSERT INTO booted_configs (host, zone, boot, config, source, recorded_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (host, zone) DO UPDATE SET boot = excluded.boot, config = excluded.config, source = excluded.source, recorded_at = excluded.recorded_at`,
      )
      .run(host, zone, boot, JSON.stringify(normal), source, recordedAt);
    return { host, zone, boot, config: normal, source, recordedAt };
  }

  forget(host: string, zone: string): void {
    this.db.prepare(`DELETE FROM booted_configs WHERE host = ? AND zone = ?`).run(host, zone);
  }

  /**
   * Limits changed on the running zone (prctl): the record takes the current configuration's
   * value for each changed key ('cpuShares', 'cappedMemory.swap', 'cappedCpu.ncpus'), so they
   * no longer count as waiting for the boot.
   */
  foldLive(host: string, zone: string, keys: readonly string[], current: ZoneConfig): void {
    const rec = this.get(host, zone);
    if (!rec) return;
    const next = foldKeys(rec.config, normalizeConfig(current), keys);
    this.db.prepare(`UPDATE booted_configs SET config = ? WHERE host = ? AND zone = ?`).run(JSON.stringify(next), host, zone);
  }
}

/** `booted` with the value of each key taken from `current` (a nested key: one property). */
export function foldKeys(booted: ZoneConfig, current: ZoneConfig, keys: readonly string[]): ZoneConfig {
  const out = structuredClone(booted) as unknown as Record<string, unknown>;
  const cur = current as unknown as Record<string, unknown>;
  for (const key of keys) {
    const [top, sub] = key.split('.') as [string, string | undefined];
    if (!sub) {
      if (cur[top] === undefined) delete out[top];
      else out[top] = structuredClone(cur[top]);
      continue;
    }
    const from = (cur[top] ?? {}) as Record<string, unknown>;
    const into = { ...((out[top] ?? {}) as Record<string, unknown>) };
    if (from[sub] === undefined) delete into[sub];
    else into[sub] = from[sub];
    if (Object.values(into).some((v) => v !== undefined)) out[top] = into;
    else delete out[top];
  }
  return out as unknown as ZoneConfig;
}
