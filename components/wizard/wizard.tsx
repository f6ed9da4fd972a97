'use client';
// The zone-creation wizard: Basics, Network, Resources, First boot, Review, then Apply and
// Verify. Answers live in sessionStorage; the step and the creation being applied live in
// the URL (?step=…, ?p=…), so a reload or the back button lands where the person was. Every
// answer is checked on the server as it is typed (the tools' own rules, and what the host
// has), and the message is shown next to its field.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { keepPreviousData } from '@tanstack/react-query';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/dialog';
import type { FieldErrors } from '@/server/zones/provision-spec';
import { ApplyView, useProvision } from './apply-view';
import { domId } from './fields';
import { StartFrom, type Patch } from './start-from';
import { StepBasics } from './step-basics';
import { StepFirstBoot } from './step-first-boot';
import { StepNetwork } from './step-network';
import type { StepProps } from './step-props';
import { StepResources } from './step-resources';
import { StepReview } from './step-review';
import { Stepper, type StepItem } from './stepper';
import { FORM_STEPS, useDebounced, useWizardState, type FormStep, type Origin } from './use-wizard-state';

const stepOf = (field: string): FormStep => {
  const head = field.split('.')[0];
  if (head === 'basics' || head === 'network' || head === 'resources' || head === 'firstBoot') return head;
  return 'resources';
};

const TITLES: Record<FormStep, { title: string; lead: string }> = {
  basics: { title: 'Basics', lead: 'Where the zone lives, what it is called, and what kind of zone it is.' },
  network: { title: 'Network', lead: 'How the zone reaches the network.' },
  resources: { title: 'Resources', lead: 'Limits, directories and datasets for the zone.' },
  firstBoot: { title: 'First boot', lead: 'What is set up inside the zone once it first runs.' },
  review: { title: 'Review', lead: 'The plan, step by step, before anything runs.' },
};

export function Wizard() {
  const params = useSearchParams();
  const provisionId = params.get('p');
  const requested = params.get('step');
  const step: FormStep = (FORM_STEPS.map((s) => s.id) as string[]).includes(requested ?? '') ? (requested as FormStep) : 'basics';
  return provisionId ? <Applying id={provisionId} /> : <Form step={step} />;
}

function useGo() {
  const router = useRouter();
  const pathname = usePathname();
  return (query: Record<string, string>) => router.push(`${pathname}?${new URLSearchParams(query).toString()}`, { scroll: false });
}

function Frame({ steps, heading, lead, children }: { steps: StepItem[]; heading: string; lead: string; children: React.ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    // a new step: move focus to its heading so keyboard and screen-reader users start there
    ref.current?.focus({ preventScroll: false });
  }, [heading]);
  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Create a zone</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Plan the whole runbook, review it, apply it, verify it.</p>
      </div>
      <div className="grid gap-6 md:grid-cols-[12rem_1fr]">
        <Stepper steps={steps} />
        <div className="min-w-0 rounded-lg border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
          <h2 ref={ref} tabIndex={-1} className="text-lg font-semibold outline-none">
            {heading}
          </h2>
          <p className="mb-5 text-sm text-zinc-600 dark:text-zinc-400">{lead}</p>
          {children}
        </div>
      </div>
    </div>
  );
}

function Form({ step }: { step: FormStep }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const go = useGo();
  const { state, update, setField, touch } = useWizardState();
  const hosts = useQuery(trpc.hosts.list.queryOptions());
  // a zone is made on a host that answers: the others are offered once they are connected
  const connected = (hosts.data ?? []).filter((h) => h.state === 'connected' && !h.disabled);
  const host = state?.host ?? connected.find((h) => h.isDefault)?.name ?? connected[0]?.name ?? null;
  const facts = useQuery({ ...trpc.provision.options.queryOptions({ host: host ?? undefined }), enabled: !!host, staleTime: 3000 });
  const answers = state?.answers;
  const debounced = useDebounced(answers, 200);
  const check = useQuery({
    ...trpc.provision.check.queryOptions({ host: host ?? undefined, answers: debounced! }),
    enabled: !!host && !!debounced,
    placeholderData: keepPreviousData,
  });
  const create = useMutation(trpc.provision.create.mutationOptions());

  // the host's defaults, once: its default brand, its first link, its resolvers
  useEffect(() => {
    const f = facts.data;
    if (!f || !state || state.initialized) return;
    const link = f.links.find((l) => l.class === 'phys' && l.state === 'up') ?? f.links[0];
    update((s) => ({
      ...s,
      host,
      initialized: true,
      answers: {
        ...s.answers,
        basics: { ...s.answers.basics, brand: f.defaultBrand },
        network: { ...s.answers.network, over: s.answers.network.over || link?.link || '', sharedLink: s.answers.network.sharedLink || link?.link || '' },
        firstBoot: { ...s.answers.firstBoot, nameservers: s.answers.firstBoot.nameservers || f.defaultNameservers.join(', ') },
      },
    }));
  }, [facts.data, state, update, host]);

  const applyPatch = useCallback(
    (patch: Patch, origin: Origin) =>
      update((s) => ({
        ...s,
        origin,
        warnings: patch.warnings,
        answers: {
          ...s.answers,
          basics: { ...s.answers.basics, ...patch.basics },
          network: { ...s.answers.network, ...patch.network, over: patch.network.over || s.answers.network.over },
          resources: patch.resources,
          carried: patch.carried,
        },
      })),
    [update],
  );

  // /zones/new?copy=ZONE (a zone page's "copy" link): start from that zone's configuration
  const copyParam = useSearchParams().get('copy');
  const fromZone = useMutation(trpc.provision.fromZone.mutationOptions());
  const copied = useRef<string | null>(null);
  useEffect(() => {
    if (!copyParam || !host || !state?.initialized || copied.current === copyParam) return;
    copied.current = copyParam;
    fromZone.mutate(
      { host, zone: copyParam },
      { onSuccess: (r) => r.ok && applyPatch(r.patch, { kind: 'clone', zone: copyParam }) },
    );
    go({ step: 'basics' });
  }, [copyParam, host, state?.initialized, fromZone, applyPatch, go]);

  const errors: FieldErrors = useMemo(() => check.data?.errors ?? {}, [check.data]);
  if (!state || !answers || !host) return <p role="status" className="text-sm text-zinc-500 dark:text-zinc-400">Loading…</p>;

  const shown = (field: string) => state.touched.includes(field) || state.attempted.includes(stepOf(field));
  const err = (field: string) => (shown(field) ? errors[field] ?? null : null);
  const problems = (s: FormStep) => Object.keys(errors).filter((f) => stepOf(f) === s && shown(f)).length;
  const index = FORM_STEPS.findIndex((s) => s.id === step);

  /** Checks the answers as they are now (not as they were 200 ms ago), then moves on or points at the first problem. */
  const next = async (to: FormStep) => {
    let fresh;
    try {
      fresh = await queryClient.fetchQuery(trpc.provision.check.queryOptions({ host, answers }));
    } catch {
      return; // the check's own error is shown above the form
    }
    update((s) => ({ ...s, attempted: s.attempted.includes(step) ? s.attempted : [...s.attempted, step] }));
    const mine = Object.keys(fresh.errors).filter((f) => stepOf(f) === step);
    if (mine.length) {
      const first = mine.map((f) => document.getElementById(domId(f)) ?? document.querySelector<HTMLElement>(`[name="${domId(f)}"]`)).find(Boolean);
      setTimeout(() => first?.focus(), 0);
      return;
    }
    go({ step: to });
  };

  const props: StepProps = { answers, setField, touch, err, facts: facts.data, check: check.data };
  const stepItems: StepItem[] = [
    ...FORM_STEPS.map((s, i) => ({
      id: s.id,
      title: s.title,
      state: (i < index ? 'done' : i === index ? 'current' : 'ahead') as StepItem['state'],
      problems: s.id === 'review' ? 0 : problems(s.id),
      onSelect: i <= index || state.attempted.includes(FORM_STEPS[i - 1]?.id ?? '') ? () => go({ step: s.id }) : undefined,
    })),
    { id: 'apply', title: 'Apply', state: 'ahead' },
    { id: 'verify', title: 'Verify', state: 'ahead' },
  ];
  const plan = check.data?.plan ?? null;
  const stale = check.isFetching || debounced !== answers;
  const allErrors = Object.entries(errors);

  return (
    <Frame steps={stepItems} heading={TITLES[step].title} lead={TITLES[step].lead}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const following = FORM_STEPS[index + 1];
          if (following) void next(following.id);
        }}
        className="space-y-6"
      >
        {check.error && (
          <div role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200">
            <p className="font-medium">The answers could not be checked against {host}.</p>
            <p className="mt-1 whitespace-pre-wrap font-mono text-xs">{check.error.message}</p>
          </div>
        )}
        {step === 'basics' && (
          <>
            <StartFrom
              host={host}
              facts={facts.data}
              origin={state.origin}
              importText={state.importText}
              onImportText={(importText) => update((s) => ({ ...s, importText }))}
              onOrigin={(origin) => update((s) => ({ ...s, origin }))}
              onPatch={applyPatch}
            />
            <StepBasics
              {...props}
              // the host already chosen stays listed, saying why it cannot be used now
              hosts={[
                ...connected,
                ...(hosts.data ?? [])
                  .filter((h) => h.name === host && !connected.includes(h))
                  .map((h) => ({ ...h, description: `${h.disabled ? 'disabled' : h.state}: choose a connected host` })),
              ]}
              host={host} onHost={(h) => update((s) => ({ ...s, host: h, initialized: false }))} />
          </>
        )}
        {step === 'network' && <StepNetwork {...props} />}
        {step === 'resources' && <StepResources {...props} onDropCarried={() => update((s) => ({ ...s, answers: { ...s.answers, carried: null } }))} />}
        {step === 'firstBoot' && <StepFirstBoot {...props} />}
        {step === 'review' &&
          (plan && !stale ? (
            <StepReview plan={plan} warnings={state.warnings} hostWarnings={check.data?.warnings ?? []} />
          ) : allErrors.length && !stale ? (
            <div role="alert" className="space-y-2 rounded-md border border-red-300 bg-red-50 p-4 text-sm text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
              <p className="font-medium">The plan cannot be made yet:</p>
              <ul className="list-disc space-y-1 pl-5">
                {allErrors.map(([field, message]) => (
                  <li key={field}>
                    {message}{' '}
                    <button type="button" className="underline" onClick={() => go({ step: stepOf(field) })}>
                      Fix it in {TITLES[stepOf(field)].title}
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          ) : (
            <p role="status" className="text-sm text-zinc-500 dark:text-zinc-400">Working out the plan…</p>
          ))}

        {create.error && (
          <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
            <p className="font-medium">Nothing was run.</p>
            <p className="mt-1 whitespace-pre-wrap">{create.error.message}</p>
          </div>
        )}

        <div className="flex items-center gap-2 border-t border-zinc-200 pt-4 dark:border-zinc-800">
          {index > 0 && (
            <Button onClick={() => go({ step: FORM_STEPS[index - 1]!.id })}>
              Back
            </Button>
          )}
          <span className="ml-auto" />
          {step !== 'review' ? (
            <Button type="submit" variant="primary">
              Next: {FORM_STEPS[index + 1]?.title}
            </Button>
          ) : (
            <Button
              variant="primary"
              // refused for these very answers (another tab won the race): not again until they change
              disabled={!plan || stale || create.isPending || (create.isError && create.variables?.answers === answers)}
              onClick={() =>
                create.mutate(
                  { host, answers },
                  {
                    onSuccess: (r) => go({ p: r.provisionId }),
                    // what the host now has (a zone of that name, a VNIC taken) shows as the check's errors
                    onError: () => void queryClient.invalidateQueries({ queryKey: trpc.provision.pathKey() }),
                  },
                )
              }
            >
              {create.isPending ? 'Starting…' : `Create ${plan?.zone ?? 'the zone'}`}
            </Button>
          )}
        </div>
      </form>
    </Frame>
  );
}

function Applying({ id }: { id: string }) {
  const go = useGo();
  const { reset, update } = useWizardState();
  const { view } = useProvision(id);
  const v = view.data;
  const verifying = v?.checks.some((c) => c.status !== 'not-run' && c.status !== 'pending') ?? false;
  const finished = v?.status === 'succeeded';
  const steps: StepItem[] = [
    ...FORM_STEPS.map((s) => ({ id: s.id, title: s.title, state: 'done' as const })),
    { id: 'apply', title: 'Apply', state: verifying ? 'done' : 'current' },
    { id: 'verify', title: 'Verify', state: finished ? 'done' : verifying ? 'current' : 'ahead' },
  ];
  return (
    <Frame
      steps={steps}
      heading={
        !v
          ? 'Creating the zone'
          : v.status === 'succeeded'
            ? `${v.zone} on ${v.host}`
            : v.status === 'rolled-back'
              ? `${v.zone} on ${v.host}, rolled back`
              : v.status === 'running' || v.status === 'rolling-back'
                ? `${v.status === 'running' ? 'Creating' : 'Rolling back'} ${v.zone} on ${v.host}`
                : `${v.zone} on ${v.host}: ${v.status === 'interrupted' ? 'interrupted' : 'stopped'}`
      }
      lead="One task runs the plan. Each step shows its state and output as it runs; the checks follow the reboot."
    >
      <ApplyView
        id={id}
        onStartOver={() => {
          // the answers this creation was made from (the record has them; another tab has no copy)
          if (v) update((s) => ({ ...s, host: v.host, answers: v.answers, initialized: true }));
          go({ step: 'review' });
        }}
        onAnother={() => {
          reset();
          go({ step: 'basics' });
        }}
      />
    </Frame>
  );
}
