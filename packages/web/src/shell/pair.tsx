import { createContext, useContext } from 'react';
import type { Schemas } from '../api/client.js';

export type Pair = Schemas['Pair'];

export interface ShellContextValue {
  /** The city pairs the session can see (empty without `pairs.read`). */
  pairs: Pair[];
  /** The pair the screens show; null while loading or when none is visible. */
  pair: Pair | null;
  pairsLoading: boolean;
  selectPair(id: string): void;
  /** Reloads the unread count of the bell (after notifications were read). */
  refreshUnread(): void;
}

export const ShellContext = createContext<ShellContextValue | null>(null);

export function useShell(): ShellContextValue {
  const value = useContext(ShellContext);
  if (!value) throw new Error('useShell outside the shell');
  return value;
}
