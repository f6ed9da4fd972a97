'use client';
// The wizard's answers and what the person has touched, kept in sessionStorage so a reload
// (or a detour to another page) finds them as they were. Only this tab sees them.
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import type { WizardAnswers } from '@/server/zones/provision-spec';
import { blankAnswers } from './blank-answers';

export { blankAnswers };

export const FORM_STEPS = [
  { id: 'basics', title: 'Basics' },
  { id: 'network', title: 'Network' },
  { id: 'resources', title: 'Resources' },
  { id: 'firstBoot', title: 'First boot' },
  { id: 'review', title: 'Review' },
] as const;

export type FormStep = (typeof FORM_STEPS)[number]['id'];
export type Section = 'basics' | 'network' | 'resources' | 'firstBoot';

export type Origin = { kind: 'new' } | { kind: 'clone'; zone: string } | { kind: 'import' };

export interface WizardState {
  host: string | null;
  answers: WizardAnswers;
  /** fields the person has changed or left: their errors show */
  touched: string[];
  /** steps whose Next was pressed: every error on them shows */
  attempted: string[];
  /** host defaults (brand, link, DNS servers) filled in once */
  initialized: boolean;
  origin: Origin;
  importText: string;
  /** what a copy or an import did not carry over, said once */
  warnings: string[];
}

export function blankState(): WizardState {
  return { host: null, answers: blankAnswers(), touched: [], attempted: [], initialized: false, origin: { kind: 'new' }, importText: '', warnings: [] };
}

const KEY = 'zonedash.create-zone.v1';

function load(): WizardState {
  try {
    const text = sessionStorage.getItem(KEY);
    if (!text) return blankState();
    const saved = JSON.parse(text) as Partial<WizardState>;
    const blank = blankState();
    // an older or damaged entry: keep what still fits the shape
    return {
      ...blank,
      ...saved,
      answers: {
        basics: { ...blank.answers.basics, ...saved.answers?.basics },
        network: { ...blank.answers.network, ...saved.answers?.network },
        resources: { ...blank.answers.resources, ...saved.answers?.resources },
        firstBoot: { ...blank.answers.firstBoot, ...saved.answers?.firstBoot },
        carried: saved.answers?.carried ?? null,
      },
    };
  } catch {
    return blankState();
  }
}

export function clearWizardState(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    /* storage refused: nothing was kept */
  }
}

// One store per tab, shared by every component of the wizard; React reads it through
// useSyncExternalStore (nothing on the server, the saved answers once in the browser).
let current: WizardState | null = null;
const listeners = new Set<() => void>();

function snapshot(): WizardState | null {
  if (current === null && typeof window !== 'undefined') current = load();
  return current;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function commit(next: WizardState): void {
  current = next;
  try {
    sessionStorage.setItem(KEY, JSON.stringify(next));
  } catch {
    /* storage full or refused: the wizard still works, it just forgets on reload */
  }
  for (const l of listeners) l();
}

export function useWizardState() {
  const state = useSyncExternalStore(subscribe, snapshot, () => null);

  const update = useCallback((fn: (s: WizardState) => WizardState) => {
    const s = snapshot();
    if (s) commit(fn(s));
  }, []);

  const setField = useCallback(
    <S extends Section, K extends keyof WizardAnswers[S] & string>(section: S, key: K, value: WizardAnswers[S][K]) =>
      update((s) => ({
        ...s,
        answers: { ...s.answers, [section]: { ...s.answers[section], [key]: value } },
        touched: s.touched.includes(`${section}.${key}`) ? s.touched : [...s.touched, `${section}.${key}`],
      })),
    [update],
  );

  const touch = useCallback(
    (field: string) => update((s) => (s.touched.includes(field) ? s : { ...s, touched: [...s.touched, field] })),
    [update],
  );

  const reset = useCallback(() => {
    clearWizardState();
    commit(blankState());
  }, []);

  return { state, update, setField, touch, reset };
}

/** Debounces a value: the check query runs when typing pauses. */
export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}
