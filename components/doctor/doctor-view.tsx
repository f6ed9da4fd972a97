'use client';
// The Doctor page: every host's findings, grouped by host, each host saying when it was last
// read (and, when it did not answer, why, with the last run's findings kept).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '@/components/trpc/client';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/dialog';
import type { HostReport } from '@/server/doctor/types';
import { FindingCard } from './finding-card';

const when = (t: number | null) => (t === null ? 'never' : new Date(t).toLocaleString());

export function DoctorView() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const reports = useQuery(trpc.doctor.hosts.queryOptions({}));
  const [running, setRunning] = useState(false);
  const runAgain = async () => {
    setRunning(true);
    try {
      const fresh = await qc.fetchQuery({ ...trpc.doctor.hosts.queryOptions({ fresh: true }), staleTime: 0 });
      qc.setQueryData(trpc.doctor.hosts.queryKey({}), fresh);
      void qc.invalidateQueries({ queryKey: trpc.doctor.counts.queryKey() });
    } finally {
      setRunning(false);
    }
  };
  return (
    <section aria-labelledby="doctor-heading" className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 id="doctor-heading" className="text-xl font-semibold tracking-tight">Doctor</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">What is left behind or stuck on each host. Nothing here runs by itself.</p>
        <Button className="ml-auto" onClick={() => void runAgain()} disabledReason={running || reports.isFetching ? 'reading the hosts…' : null}>
          Run again
        </Button>
      </div>
      {reports.isPending && <p role="status" className="text-sm text-zinc-600 dark:text-zinc-400">Reading every host…</p>}
      {reports.error && <Alert role="alert">{reports.error.message}</Alert>}
      {reports.data?.map((r) => <HostSection key={r.host} report={r} />)}
    </section>
  );
}

function HostSection({ report }: { report: HostReport }) {
  const id = `doctor-host-${report.host}`;
  return (
    <section aria-labelledby={id} className="space-y-3">
      <h2 id={id} className="text-lg font-semibold">
        {report.host}{' '}
        <span className="text-sm font-normal text-zinc-600 dark:text-zinc-400">
          {report.findings.length} finding{report.findings.length === 1 ? '' : 's'}
        </span>
      </h2>
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        Last run {when(report.ranAt)}
        {report.durationMs !== null ? ` (${report.durationMs} ms)` : ''}
      </p>
      {report.error && (
        <Alert tone="warning" title={`${report.host} could not be read`}>
          {report.error}
          {report.ranAt !== null ? ` Showing the findings of the last run, ${when(report.ranAt)}.` : ' It has never been read.'}
        </Alert>
      )}
      {report.notes.map((n, i) => (
        <Alert key={i} tone="info" inline>
          {n}
        </Alert>
      ))}
      {report.findings.length === 0 && !report.error && <p className="text-sm">Nothing to clean up on {report.host}.</p>}
      <ul className="space-y-3">
        {report.findings.map((f) => (
          <FindingCard key={f.id} finding={f} />
        ))}
      </ul>
    </section>
  );
}
