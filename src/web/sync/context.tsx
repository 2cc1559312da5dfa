import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect, useSyncExternalStore } from 'react';
import type { SyncEngine, SyncState } from './engine';

const SyncContext = createContext<SyncEngine | null>(null);

/**
 * The sync engine for the screens (null where offline work is not available: no IndexedDB, tests).
 * When a run delivers edits or photos or brings new data, the screens' queries are refreshed.
 */
export function SyncProvider({ engine, children }: { engine: SyncEngine | null; children: ReactNode }) {
  const qc = useQueryClient();
  useEffect(() => {
    if (!engine) return;
    let before = engine.getState();
    return engine.subscribe((s) => {
      const finished = before.syncing && !s.syncing;
      // Edits delivered, or photos uploaded (a visit's photos then show from the server).
      const delivered = s.pending < before.pending || s.photosPending < before.photosPending;
      before = s;
      if ((finished || delivered) && s.reachable) void qc.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
    });
  }, [engine, qc]);
  return <SyncContext.Provider value={engine}>{children}</SyncContext.Provider>;
}

export function useSyncEngine(): SyncEngine | null {
  return useContext(SyncContext);
}

const noop = () => () => undefined;

export function useSyncState(): SyncState | null {
  const engine = useSyncEngine();
  return useSyncExternalStore(
    engine ? (fn) => engine.subscribe(fn) : noop,
    () => engine?.getState() ?? null,
    () => null,
  );
}
