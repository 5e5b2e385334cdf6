import { type DependencyList, type MutableRefObject, useCallback, useContext, useEffect, useRef, useState } from 'react';
import { useLocation } from 'react-router';
import { ApiError } from '../api/client.js';
import { ShellContext } from '../shell/pair.js';
import { RESET_TOPIC, subscribeLive } from './liveEvents.js';

export interface ApiState<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload(): void;
}

/**
 * What a read shows, for reading it again while it is on screen: `pair` the data of the pair the
 * shell shows (lists, queues, details), `user` the caller's own (notifications), `pair+user` both
 * (工作台: the pair's work and the caller's unread notices). Reads without it
 * (a form's starting values, pickers) are read once per change of their dependencies, so that
 * nothing typed into a form is ever replaced behind the user's back.
 */
export type Live = 'pair' | 'user' | 'pair+user';

export interface ApiOptions {
  live?: Live;
}

/** Bursts of triggers (several changes, focus and visibility together) make one read. */
const COALESCE_MS = 250;
/** A read started this close to a navigation already belongs to it (effects run in either order). */
const NAVIGATION_SLACK_MS = 100;

function concerns(live: Live, topic: string, pairId: string | undefined): boolean {
  if (topic === 'all' || topic === RESET_TOPIC) return true;
  // The server sends only the caller's own user topic and the pairs the caller is in.
  if (live !== 'pair' && topic.startsWith('user:')) return true;
  if (live === 'user') return false;
  return topic.startsWith('pair:') && (pairId === undefined || topic === `pair:${pairId}`);
}

/**
 * Calls `refresh` when what a screen shows may be stale: it is navigated to again (the menu item
 * or tab of the open page clicked, back and forth), the window comes back into view or focus, or
 * the server names a change that concerns it. Never in a hidden tab (it catches up when shown).
 * `lastStart` is when the current answer was asked for: a read that started after the trigger
 * already has what the trigger announced.
 */
export function useLiveRefresh(live: Live | undefined, refresh: () => void, lastStart?: MutableRefObject<number>): void {
  const location = useLocation();
  const pairId = useContext(ShellContext)?.pair?.id;
  const refreshRef = useRef(refresh);
  refreshRef.current = refresh;
  const pending = useRef<number | null>(null);
  const timer = useRef<number | undefined>(undefined);

  const request = useCallback(
    (since: number) => {
      pending.current = pending.current === null ? since : Math.min(pending.current, since);
      if (timer.current !== undefined) return;
      timer.current = window.setTimeout(() => {
        timer.current = undefined;
        // Hidden: the visibility handler asks again when the tab is shown.
        if (document.visibilityState === 'hidden') return;
        const wanted = pending.current;
        pending.current = null;
        if (wanted === null || (lastStart && lastStart.current >= wanted)) return;
        refreshRef.current();
      }, COALESCE_MS);
    },
    [lastStart],
  );
  useEffect(() => () => window.clearTimeout(timer.current), []);

  const seenKey = useRef(location.key);
  useEffect(() => {
    if (!live || location.key === seenKey.current) return;
    seenKey.current = location.key;
    request(performance.now() - NAVIGATION_SLACK_MS);
  }, [live, location.key, request]);

  useEffect(() => {
    if (!live) return;
    const onShown = () => {
      if (document.visibilityState === 'visible') request(performance.now());
    };
    document.addEventListener('visibilitychange', onShown);
    window.addEventListener('focus', onShown);
    return () => {
      document.removeEventListener('visibilitychange', onShown);
      window.removeEventListener('focus', onShown);
    };
  }, [live, request]);

  useEffect(() => {
    if (!live) return;
    return subscribeLive((topic) => {
      if (concerns(live, topic, pairId)) request(performance.now());
    });
  }, [live, pairId, request]);
}

const sameAnswer = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

/**
 * Runs `load` (a function using `call(client…)`) when the component mounts and whenever `deps`
 * change; answers of superseded runs are dropped. With `live`, it also reads again in the
 * background (see useLiveRefresh): the data shown stays until the new answer is in, `loading`
 * stays false, and an unchanged answer changes nothing.
 */
export function useApi<T>(load: () => Promise<T>, deps: DependencyList, options: ApiOptions = {}): ApiState<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  const run = useRef(0);
  const lastStart = useRef(Number.NEGATIVE_INFINITY);
  const loadRef = useRef(load);
  loadRef.current = load;

  // The dependencies the shown answer was read for. In the render where they change, the effect
  // that reads again has not run yet: `loading` must already say so, or a screen would place what
  // depends on the new read (and place it again once `loading` flips, reading twice). Kept as state,
  // so that the answer's arrival always renders again, even when `loading` itself ends as it was.
  const [answeredFor, setAnsweredFor] = useState<DependencyList | null>(null);
  const depsChanged = answeredFor === null || answeredFor.length !== deps.length || deps.some((dep, i) => !Object.is(dep, answeredFor[i]));

  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller lists what `load` depends on.
  useEffect(() => {
    const readFor = deps;
    const id = ++run.current;
    lastStart.current = performance.now();
    setLoading(true);
    setError(undefined);
    loadRef.current().then(
      (value) => {
        if (id !== run.current) return;
        setData(value);
        setAnsweredFor(readFor);
        setLoading(false);
      },
      (cause: unknown) => {
        if (id !== run.current) return;
        setError(cause instanceof ApiError ? cause : ApiError.network());
        setAnsweredFor(readFor);
        setLoading(false);
      },
    );
  }, [...deps, generation]);

  const refresh = useCallback(() => {
    const id = ++run.current;
    lastStart.current = performance.now();
    loadRef.current().then(
      (value) => {
        if (id !== run.current) return;
        setData((shown) => (sameAnswer(shown, value) ? shown : value));
        setError(undefined);
        setLoading(false);
      },
      (cause: unknown) => {
        if (id !== run.current) return;
        setLoading(false);
        // The record is gone or out of reach now: say so. A passing network or server failure
        // leaves the last answer on screen; the next trigger tries again.
        if (cause instanceof ApiError && (cause.status === 403 || cause.status === 404)) setError(cause);
      },
    );
  }, []);
  useLiveRefresh(options.live, refresh, lastStart);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data, error, loading: loading || depsChanged, reload };
}
