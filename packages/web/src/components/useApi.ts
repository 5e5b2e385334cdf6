import { type DependencyList, useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/client.js';

export interface ApiState<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload(): void;
}

/**
 * Runs `load` (a function using `call(client…)`) when the component mounts and whenever `deps`
 * change; answers of superseded runs are dropped.
 */
export function useApi<T>(load: () => Promise<T>, deps: DependencyList): ApiState<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  const run = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller lists what `load` depends on.
  useEffect(() => {
    const id = ++run.current;
    setLoading(true);
    setError(undefined);
    loadRef.current().then(
      (value) => {
        if (id !== run.current) return;
        setData(value);
        setLoading(false);
      },
      (cause: unknown) => {
        if (id !== run.current) return;
        setError(cause instanceof ApiError ? cause : ApiError.network());
        setLoading(false);
      },
    );
  }, [...deps, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data, error, loading, reload };
}
