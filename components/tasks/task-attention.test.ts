import { describe, expect, it } from 'vitest';
import type { Task } from '@/server/zones/tasks';
import { duration, latestFailure, shortTime, tasksButtonLabel, unseenFailures } from './task-attention';

const task = (over: Partial<Task>): Task => ({
  id: 'x',
  kind: 'boot',
  title: 'boot db',
  user: 'admin',
  host: 'sim',
  zone: 'db',
  status: 'succeeded',
  summary: null,
  createdAt: 1000,
  finishedAt: 2000,
  steps: [],
  ...over,
});

describe('unseen failures', () => {
  const tasks = [
    task({ id: 'a', status: 'failed', finishedAt: 5000 }),
    task({ id: 'b', status: 'failed', finishedAt: 3000 }),
    task({ id: 'c', status: 'succeeded', finishedAt: 9000 }),
    task({ id: 'd', status: 'running', finishedAt: null, createdAt: 8000 }),
    task({ id: 'e', status: 'interrupted', finishedAt: 7000 }),
  ];
  it('counts failed tasks that ended after the drawer was last opened', () => {
    expect(unseenFailures(tasks, 0).map((t) => t.id)).toEqual(['a', 'b']);
    expect(unseenFailures(tasks, 3000).map((t) => t.id)).toEqual(['a']);
    expect(unseenFailures(tasks, 5000)).toEqual([]);
  });
  it('marks as seen up to the newest failure, not past later ones', () => {
    expect(latestFailure(tasks)).toBe(5000);
    expect(latestFailure([task({ status: 'succeeded' })])).toBe(0);
  });
});

describe('the button', () => {
  it('names what runs and what failed', () => {
    expect(tasksButtonLabel(0, 0)).toBe('Tasks');
    expect(tasksButtonLabel(1, 0)).toBe('Tasks: 1 running');
    expect(tasksButtonLabel(0, 2)).toBe('Tasks: 2 failed');
    expect(tasksButtonLabel(1, 2)).toBe('Tasks: 1 running, 2 failed');
  });
});

describe('times', () => {
  const now = new Date(2026, 11, 3, 20, 0).getTime();
  it('shows the time today, the day and time on another day', () => {
    expect(shortTime(new Date(2026, 11, 3, 14, 2).getTime(), now, 'en-GB')).toBe('14:02');
    expect(shortTime(new Date(2026, 11, 1, 9, 5).getTime(), now, 'en-GB')).toBe('1 Dec 09:05');
  });
  it('says how long', () => {
    expect(duration(4200)).toBe('4 s');
    expect(duration(125_000)).toBe('2 min 5 s');
    expect(duration(120_000)).toBe('2 min');
  });
});
