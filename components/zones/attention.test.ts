import { describe, expect, it } from 'vitest';
import type { TaskBrief } from '@/server/zones/tasks';
import { activityOf, busyReason, chipCounts, compareSeverity, concernsOf, doingWord, failureReason, mergeLatest, severity, type Activity } from './attention';

function task(over: Partial<TaskBrief> & Pick<TaskBrief, 'id' | 'status'>): TaskBrief {
  return {
    kind: 'boot',
    title: 'boot db',
    user: 'admin',
    host: 'sim',
    zone: 'db',
    summary: null,
    createdAt: 1000,
    finishedAt: null,
    steps: [{ idx: 0, label: 'Boot db', status: 'succeeded', stderr: '' }],
    ...over,
  };
}

const failedBoot = task({
  id: 't1',
  status: 'failed',
  summary: 'Step 1 (Boot db) failed; later steps were not run.',
  steps: [{ idx: 0, label: 'Boot db', status: 'failed', stderr: "\nzoneadm: zone 'db': call to zoneadmd failed\nmore\n" }],
});

describe('activityOf', () => {
  it('says a failed task with the first line of its stderr, until it is dismissed', () => {
    expect(activityOf(failedBoot)).toEqual({ kind: 'failed', taskId: 't1', title: 'boot db', status: 'failed', reason: "zoneadm: zone 'db': call to zoneadmd failed" });
    expect(activityOf(failedBoot, new Set(['t1']))).toBeNull();
  });

  it('says running work with its step and the -ing word of its verb', () => {
    const t = task({
      id: 't2',
      kind: 'install',
      status: 'running',
      steps: [
        { idx: 0, label: 'Verify', status: 'succeeded', stderr: '' },
        { idx: 1, label: 'Install', status: 'running', stderr: '' },
        { idx: 2, label: 'List', status: 'pending', stderr: '' },
      ],
    });
    expect(activityOf(t)).toEqual({ kind: 'running', taskId: 't2', title: 'boot db', doing: 'installing', step: 2, of: 3, label: 'Install' });
  });

  it('says nothing after a success, or with no task', () => {
    expect(activityOf(task({ id: 't3', status: 'succeeded' }))).toBeNull();
    expect(activityOf(undefined)).toBeNull();
  });

  it('falls back to the summary when the failed step wrote no stderr, and cuts long lines', () => {
    expect(failureReason({ summary: 'The connection was lost', steps: [{ idx: 0, label: 'x', status: 'interrupted', stderr: '' }] })).toBe('The connection was lost');
    expect(failureReason({ summary: null, steps: [{ idx: 2, label: 'Install', status: 'failed', stderr: '' }] })).toBe('step 3 (Install) failed');
    expect(failureReason({ summary: null, steps: [{ idx: 0, label: 'x', status: 'failed', stderr: 'e'.repeat(500) }] })).toHaveLength(200);
  });

  it('while a task runs on the zone, every verb waits for it', () => {
    const running = activityOf(task({ id: 't4', status: 'running', title: 'install web' }));
    expect(busyReason(running)).toBe('wait: install web is running (one task per zone at a time)');
    expect(busyReason(activityOf(failedBoot))).toBeNull();
    expect(busyReason(null)).toBeNull();
  });

  it('names verbs as work under way', () => {
    expect(['boot', 'shutdown', 'create', 'frobnicate'].map(doingWord)).toEqual(['booting', 'shutting down', 'creating', 'frobnicating']);
  });
});

describe('needs attention', () => {
  const running: Activity = { kind: 'running', taskId: 'x', title: 'install web', doing: 'installing', step: 1, of: 2, label: 'Install' };
  const failed = activityOf(failedBoot);

  it('a failed last task, a zone down, incomplete with no task running, autoboot but not running', () => {
    expect(concernsOf({ state: 'running' }, failed)).toEqual(['task-failed']);
    expect(concernsOf({ state: 'down' }, null)).toEqual(['down']);
    expect(concernsOf({ state: 'incomplete' }, null)).toEqual(['incomplete']);
    expect(concernsOf({ state: 'installed', autoboot: true }, null)).toEqual(['not-booted']);
  });

  it('not a zone at rest, nor one whose install is running', () => {
    expect(concernsOf({ state: 'installed' }, null)).toEqual([]);
    expect(concernsOf({ state: 'installed', autoboot: false }, null)).toEqual([]);
    expect(concernsOf({ state: 'running', autoboot: true }, null)).toEqual([]);
    expect(concernsOf({ state: 'incomplete' }, running)).toEqual([]);
    expect(concernsOf({ state: 'installed', autoboot: true }, running)).toEqual([]);
  });

  it('counts each state present in lifecycle order, and the zones needing attention', () => {
    const items = [
      { zone: { state: 'installed' }, activity: null },
      { zone: { state: 'running' }, activity: failed },
      { zone: { state: 'incomplete' }, activity: null },
      { zone: { state: 'incomplete' }, activity: running },
      { zone: { state: 'running' }, activity: null },
    ];
    expect(chipCounts(items)).toEqual({
      states: [
        { state: 'running', count: 2 },
        { state: 'installed', count: 1 },
        { state: 'incomplete', count: 2 },
      ],
      attention: 2,
    });
  });

  it('sorts most urgent first, then by lifecycle, then by name', () => {
    const zs = [
      { zone: { name: 'a', state: 'installed' }, activity: null },
      { zone: { name: 'b', state: 'incomplete' }, activity: null },
      { zone: { name: 'c', state: 'running' }, activity: failed },
      { zone: { name: 'd', state: 'down' }, activity: null },
      { zone: { name: 'e', state: 'incomplete' }, activity: running },
      { zone: { name: 'f', state: 'running' }, activity: null },
      { zone: { name: 'web10', state: 'running' }, activity: null },
      { zone: { name: 'web2', state: 'running' }, activity: null },
    ];
    expect(zs.sort(compareSeverity).map((z) => z.zone.name)).toEqual(['c', 'd', 'b', 'e', 'f', 'web2', 'web10', 'a']);
    expect(severity({ state: 'installed', autoboot: true }, null)).toBe(2);
  });
});

describe('mergeLatest', () => {
  it('replaces the zone entry with the same or a newer task, adds a new zone, keeps a newer one', () => {
    const prev = [failedBoot];
    const retry = { ...task({ id: 't9', status: 'running', createdAt: 2000 }), steps: [{ idx: 0, label: 'Boot db', status: 'running' as const, stderr: '', stdout: 'x', argv: ['zoneadm'] }] };
    const merged = mergeLatest(prev, retry)!;
    expect(merged.map((t) => t.id)).toEqual(['t9']);
    // stdout and argv are not kept
    expect(merged[0]!.steps[0]).toEqual({ idx: 0, label: 'Boot db', status: 'running', stderr: '' });
    expect(mergeLatest(merged, failedBoot)).toBe(merged);
    expect(mergeLatest(merged, task({ id: 'w', status: 'running', zone: 'www' }))!.map((t) => t.zone)).toEqual(['www', 'db']);
    expect(mergeLatest(undefined, failedBoot)).toBeUndefined();
  });
});
