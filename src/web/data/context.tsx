import { createContext, type ReactNode, useContext } from 'react';
import type { TitianData } from './TitianData';

const DataContext = createContext<TitianData | null>(null);

export function DataProvider({ data, children }: { data: TitianData; children: ReactNode }) {
  return <DataContext.Provider value={data}>{children}</DataContext.Provider>;
}

export function useData(): TitianData {
  const data = useContext(DataContext);
  if (!data) throw new Error('DataProvider is missing');
  return data;
}
