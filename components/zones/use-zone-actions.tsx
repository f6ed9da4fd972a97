'use client';
// Running verbs on zones from the table, the detail page and bulk selections: destructive
// verbs are confirmed first (delete asks for the zone's name and shows its whole cascade),
// each zone's verb becomes a server task, and the outcome is announced. When a confirmation
// closes (confirmed, cancelled or Escape), focus goes back to what opened it (a row menu's
// button, a toolbar's button), so a keyboard user is where they were.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useCallback, useRef, useState, type ReactNode } from 'react';
import { useTRPC } from '@/components/trpc/client';
import { Button, Dialog } from '@/components/ui/dialog';
import { VERBS, type ZoneVerb } from './capabilities';

export interface ZoneRef {
  host: string;
  name: string;
}

export interface ActionNotice {
  id: number;
  kind: 'started' | 'error';
  text: string;
  taskId?: string;
}

let noticeSeq = 0;

export function useZoneActions(): {
  request: (zones: ZoneRef[], verb: ZoneVerb) => void;
  dialog: ReactNode;
  notices: ActionNotice[];
  dismiss: (id: number) => void;
} {
  const trpc = useTRPC();
  const [pending, setPending] = useState<{ zones: ZoneRef[]; verb: ZoneVerb } | null>(null);
  const [notices, setNotices] = useState<ActionNotice[]>([]);
  const action = useMutation(trpc.zones.action.mutationOptions());
  const opener = useRef<HTMLElement | null>(null);
  const restoreFocus = () => {
    const el = opener.current;
    opener.current = null;
    // after the dialog has left the page (a deleted zone's row has gone: nothing to go back to)
    if (el) requestAnimationFrame(() => el.isConnected && el.focus());
  };

  /** `alsoDelete`: per zone (host/name), the lent VNICs the operator ticked to delete too */
  const run = async (zones: ZoneRef[], verb: ZoneVerb, alsoDelete: Record<string, string[]> = {}) => {
    const results = await Promise.all(
      zones.map(async (z) => {
        try {
          const extra = alsoDelete[`${z.host}/${z.name}`] ?? [];
          const task = await mutateAsync({ host: z.host, zone: z.name, verb, ...(extra.length ? { alsoDeleteVnics: extra } : {}) });
          return { id: ++noticeSeq, kind: 'started' as const, text: `${task.title}: started`, taskId: task.id };
        } catch (e) {
          return { id: ++noticeSeq, kind: 'error' as const, text: `${verb} ${z.name}: ${(e as Error).message}` };
        }
      }),
    );
    setNotices((n) => [...results, ...n].slice(0, 8));
  };

  const { mutateAsync } = action;
  const request = useCallback(
    (zones: ZoneRef[], verb: ZoneVerb) => {
      const meta = VERBS.find((v) => v.verb === verb);
      if (meta?.destructive) {
        opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
        setPending({ zones, verb });
      } else void run(zones, verb);
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- run only uses mutateAsync and setters
    [mutateAsync],
  );

  const dialog = pending ? (
    <ConfirmDialog
      zones={pending.zones}
      verb={pending.verb}
      onCancel={() => {
        setPending(null);
        restoreFocus();
      }}
      onConfirm={(alsoDelete) => {
        const p = pending;
        setPending(null);
        restoreFocus();
        void run(p.zones, p.verb, alsoDelete);
      }}
    />
  ) : null;

  return { request, dialog, notices, dismiss: (id) => setNotices((n) => n.filter((x) => x.id !== id)) };
}

const CONSEQUENCES: Partial<Record<ZoneVerb, string>> = {
  shutdown: 'The zone runs its shutdown scripts and stops. Services in it stop.',
  reboot: 'The zone is halted and booted again. Services in it are interrupted.',
  halt: 'The zone stops at once, without running its shutdown scripts.',
  uninstall: "The zone's root file system is destroyed. The configuration stays.",
};

function ConfirmDialog({
  zones,
  verb,
  onCancel,
  onConfirm,
}: {
  zones: ZoneRef[];
  verb: ZoneVerb;
  onCancel: () => void;
  onConfirm: (alsoDelete: Record<string, string[]>) => void;
}) {
  const label = VERBS.find((v) => v.verb === verb)?.label ?? verb;
  const single = zones.length === 1 ? zones[0] : undefined;
  const names = zones.map((z) => z.name).join(', ');
  const [typed, setTyped] = useState('');
  // lent VNICs ticked for deletion, per zone
  const [alsoDelete, setAlsoDelete] = useState<Record<string, string[]>>({});
  const expected = single ? single.name : `delete ${zones.length} zones`;
  const needsTyping = verb === 'delete';
  return (
    <Dialog open title={`${label} ${single ? single.name : `${zones.length} zones`}?`} onClose={onCancel}>
      {verb === 'delete' ? (
        <>
          <p>
            This removes {single ? <strong>{single.name}</strong> : <strong>{names}</strong>} for good: halted if
            needed, uninstalled, its configuration deleted, and the VNICs the dashboard created for it deleted.
            A VNIC it was lent is kept unless you tick it.
          </p>
          <div className="max-h-80 overflow-y-auto">
            {zones.map((z) => {
              const key = `${z.host}/${z.name}`;
              return (
                <DeletePlan
                  key={key}
                  zone={z}
                  showName={!single}
                  ticked={alsoDelete[key] ?? []}
                  onTick={(link, on) =>
                    setAlsoDelete((a) => {
                      const now = (a[key] ?? []).filter((l) => l !== link);
                      return { ...a, [key]: on ? [...now, link] : now };
                    })
                  }
                />
              );
            })}
          </div>
        </>
      ) : (
        <p>
          {CONSEQUENCES[verb]} {zones.length > 1 && <span>Zones: {names}.</span>}
        </p>
      )}
      <form
        className="mt-4 space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          if (!needsTyping || typed === expected) onConfirm(alsoDelete);
        }}
      >
        {needsTyping && (
          <label className="block">
            <span className="text-zinc-700 dark:text-zinc-300">
              Type <code className="rounded bg-zinc-100 px-1 font-mono dark:bg-zinc-800">{expected}</code> to confirm
            </span>
            <input
              autoFocus
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              autoComplete="off"
              spellCheck={false}
              className="mt-1 block w-full rounded-md border border-zinc-300 bg-white px-2 py-1.5 font-mono text-sm dark:border-zinc-600 dark:bg-zinc-800"
            />
          </label>
        )}
        <div className="flex justify-end gap-2">
          <Button onClick={onCancel}>Cancel</Button>
          <Button type="submit" variant="danger" disabled={needsTyping && typed !== expected} autoFocus={!needsTyping}>
            {label}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function DeletePlan({
  zone,
  showName,
  ticked,
  onTick,
}: {
  zone: ZoneRef;
  showName: boolean;
  ticked: string[];
  onTick: (link: string, on: boolean) => void;
}) {
  const trpc = useTRPC();
  const plan = useQuery(trpc.zones.plan.queryOptions({ host: zone.host, zone: zone.name, verb: 'delete' }));
  const title = showName ? <p className="mt-3 font-medium">{zone.name}</p> : null;
  if (plan.isPending) return <>{title}<p className="mt-3 text-zinc-500" role="status">Working out the steps…</p></>;
  if (plan.error) return <>{title}<p className="mt-3 text-red-700 dark:text-red-400" role="alert">{plan.error.message}</p></>;
  const extra = plan.data.kept.filter((k) => ticked.includes(k.link)).map((k) => `dladm delete-vnic ${k.link}`);
  return (
    <div className="mt-3">
      {title}
      <p className="text-zinc-600 dark:text-zinc-400">These commands will run, in order:</p>
      <ol className="mt-1 list-decimal space-y-0.5 pl-5 font-mono text-xs" aria-label={`Commands that delete ${zone.name}`}>
        {plan.data.steps.map((s, i) => (
          <li key={i}>{s.argv.join(' ')}</li>
        ))}
        {extra.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ol>
      {plan.data.kept.length > 0 && (
        <fieldset className="mt-2">
          <legend className="text-zinc-600 dark:text-zinc-400">VNICs kept on {zone.host}:</legend>
          <ul className="mt-1 space-y-1">
            {plan.data.kept.map((k) => (
              <li key={k.link}>
                {k.canDelete ? (
                  <label className="flex items-start gap-2">
                    <input type="checkbox" className="mt-1" checked={ticked.includes(k.link)} onChange={(e) => onTick(k.link, e.target.checked)} />
                    <span>
                      Delete <code className="font-mono">{k.link}</code> too <span className="text-zinc-500">({k.reason})</span>
                    </span>
                  </label>
                ) : (
                  <span>
                    <code className="font-mono">{k.link}</code> <span className="text-zinc-500">({k.reason})</span>
                  </span>
                )}
              </li>
            ))}
          </ul>
        </fieldset>
      )}
    </div>
  );
}
