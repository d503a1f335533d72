/** Live data: refetch on an interval and whenever this tab changes data. Polling, not SSE (see docs/console.md). */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, onDataChange } from './api.js';

/** How often views refetch, in ms. */
export const POLL_MS = 5000;

/** State of a polled request. */
export interface Polled<T> {
  data: T | undefined;
  error: string | undefined;
  loading: boolean;
  /** Time of the last successful fetch, epoch ms. */
  updatedAt: number | undefined;
  reload: () => void;
}

/**
 * Run `load` now, every {@link POLL_MS} and after each change made in this tab; `deps` restart it (new filters).
 * A failed refresh keeps the last good data and reports the error beside it.
 */
export function usePoll<T>(
  load: () => Promise<T>,
  deps: readonly unknown[],
  intervalMs = POLL_MS,
): Polled<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [updatedAt, setUpdatedAt] = useState<number>();
  const generation = useRef(0);
  // Callers pass the inputs of `load` as deps, so a new filter restarts polling and an unchanged one does not.
  const stableLoad = useCallback(load, deps);

  const run = useCallback(() => {
    const mine = ++generation.current;
    stableLoad().then(
      (value) => {
        if (mine !== generation.current) return;
        setData(value);
        setError(undefined);
        setLoading(false);
        setUpdatedAt(Date.now());
      },
      (err: unknown) => {
        if (mine !== generation.current) return;
        setError(err instanceof ApiError || err instanceof Error ? err.message : String(err));
        setLoading(false);
      },
    );
  }, [stableLoad]);

  useEffect(() => {
    setLoading(true);
    run();
    const timer = setInterval(run, intervalMs);
    const off = onDataChange(run);
    return () => {
      clearInterval(timer);
      off();
      generation.current++;
    };
  }, [run, intervalMs]);

  return { data, error, loading, updatedAt, reload: run };
}
