/**
 * TanStack Query hooks of the import screen: the recent jobs, one job followed every second while it runs,
 * the upload (with its progress) and applying a dry run.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useData } from '../../data/context';
import type { ImportJob, ImportList, RegistryUpload } from '../../data/imports';

export const IMPORT_PAGE = 10;
/** How often a running job is read again. */
export const POLL_MS = 1000;

export const importKeys = {
  all: ['imports'] as const,
  list: (limit: number) => ['imports', 'list', limit] as const,
  job: (id: string) => ['imports', 'job', id] as const,
};

export const isFinished = (job: Pick<ImportJob, 'status'>) => job.status === 'done' || job.status === 'failed';

/** The recent jobs; read again every few seconds while one of them runs. */
export function useImportList(limit: number, enabled = true) {
  const data = useData();
  return useQuery({
    queryKey: importKeys.list(limit),
    queryFn: (): Promise<ImportList> => data.listImports({ limit, offset: 0 }),
    enabled,
    refetchInterval: (q) => (q.state.data?.items.some((j) => !isFinished(j)) ? 3 * POLL_MS : false),
  });
}

/** One job, read every second until it has ended; when it ends, the list is read again. */
export function useImportJob(id: string | null) {
  const data = useData();
  const qc = useQueryClient();
  return useQuery({
    queryKey: importKeys.job(id ?? ''),
    queryFn: async () => {
      const job = await data.getImport(id!);
      if (isFinished(job)) void qc.invalidateQueries({ queryKey: ['imports', 'list'] });
      return job;
    },
    enabled: !!id,
    staleTime: 0,
    refetchInterval: (q) => (q.state.data && isFinished(q.state.data) ? false : POLL_MS),
    refetchIntervalInBackground: true,
  });
}

export function useUploadRegistry() {
  const data = useData();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (u: RegistryUpload) => data.uploadRegistry(u),
    onSuccess: (job) => {
      qc.setQueryData(importKeys.job(job.id), job);
      void qc.invalidateQueries({ queryKey: ['imports', 'list'] });
    },
  });
}

export function useApplyImport() {
  const data = useData();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => data.applyImport(id),
    onSuccess: (job) => {
      qc.setQueryData(importKeys.job(job.id), job);
      void qc.invalidateQueries({ queryKey: ['imports', 'list'] });
    },
    // A 409 (applied meanwhile): the job as it is now.
    onError: (_e, id) => void qc.invalidateQueries({ queryKey: importKeys.job(id) }),
  });
}
