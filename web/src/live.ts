/**
 * Live data. One server-sent event stream per tab (`GET /api/stream`, read with fetch so it can carry the bearer
 * header, which EventSource cannot) tells views when alerts arrive or change and brings counters every ~2 s.
 * While the stream is down views poll every {@link POLL_MS} instead, and the stream reconnects with backoff.
 */
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { ApiError, authHeaders, onDataChange, tokenRefused } from './api.js';
import type { StoredAlert, StreamSummary } from './types.js';

/** How often views refetch while the stream is down, in ms. */
export const POLL_MS = 5000;
/** Safety refetch while the stream is up (a missed message heals within this), in ms. */
export const LIVE_REFRESH_MS = 60_000;
/** Reconnect delays grow from this… */
const BACKOFF_MIN_MS = 1000;
/** …to this. */
const BACKOFF_MAX_MS = 30_000;
/** No byte for this long (the server pings every 15 s) means the connection is dead. */
const SILENCE_MS = 40_000;
/** Views that follow the counters refetch for them at most this often, in ms. */
const SUMMARY_REFETCH_MS = 5000;
/** Alerts arriving within this window cause one refetch, not one each. */
const ALERT_COALESCE_MS = 400;

/** State of the live connection: `connecting` (first try), `live` (stream open), `polling` (stream down), `off`. */
export type LiveState = 'off' | 'connecting' | 'live' | 'polling';

/** One message of an event stream. */
export interface StreamMessage {
  event: string;
  data: string;
}

/**
 * Splits an event stream's text into messages (the WHATWG event-stream format: `field: value` lines, a blank line
 * ends a message, `:` lines are comments). Feed it chunks as they come; it keeps partial lines between calls.
 */
export class EventStreamParser {
  private buffer = '';
  private event = '';
  private data: string[] = [];

  /** Messages completed by this chunk. */
  push(chunk: string): StreamMessage[] {
    this.buffer += chunk;
    const out: StreamMessage[] = [];
    for (;;) {
      const m = /\r\n|\n|\r/.exec(this.buffer);
      // A lone trailing CR may be the first half of CRLF: wait for the next chunk.
      if (!m || (m[0] === '\r' && m.index === this.buffer.length - 1)) break;
      const line = this.buffer.slice(0, m.index);
      this.buffer = this.buffer.slice(m.index + m[0].length);
      if (line === '') {
        if (this.data.length > 0) out.push({ event: this.event || 'message', data: this.data.join('\n') });
        this.event = '';
        this.data = [];
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'event') this.event = value;
      else if (field === 'data') this.data.push(value);
    }
    return out;
  }
}

type Listener<T> = (value: T) => void;

let state: LiveState = 'off';
let summary: StreamSummary | undefined;
const stateListeners = new Set<() => void>();
const alertListeners = new Set<Listener<StoredAlert>>();
const summaryListeners = new Set<Listener<StreamSummary>>();
let session: { stop: () => void } | undefined;

function setState(next: LiveState): void {
  if (next === state) return;
  state = next;
  for (const l of stateListeners) l();
}

/** The live connection's state now. */
export function liveState(): LiveState {
  return state;
}

/** The latest counters the stream sent, if any. */
export function liveSummary(): StreamSummary | undefined {
  return summary;
}

/** Be told of every alert the stream brings (new alerts and status changes). */
export function onLiveAlert(listener: Listener<StoredAlert>): () => void {
  alertListeners.add(listener);
  return () => alertListeners.delete(listener);
}

/** Be told of the stream's counters (about every 2 s). */
export function onLiveSummary(listener: Listener<StreamSummary>): () => void {
  summaryListeners.add(listener);
  return () => summaryListeners.delete(listener);
}

/** The stream's latest counters, re-rendering when new ones come. */
export function useLiveSummary(): StreamSummary | undefined {
  return useSyncExternalStore(onLiveSummary, liveSummary);
}

function onState(listener: () => void): () => void {
  stateListeners.add(listener);
  return () => stateListeners.delete(listener);
}

/** The live connection's state, re-rendering on change. */
export function useLiveState(): LiveState {
  return useSyncExternalStore(onState, liveState);
}

function dispatch(msg: StreamMessage): void {
  try {
    if (msg.event === 'alert') {
      const alert = JSON.parse(msg.data) as StoredAlert;
      for (const l of alertListeners) l(alert);
    } else if (msg.event === 'summary') {
      summary = JSON.parse(msg.data) as StreamSummary;
      for (const l of summaryListeners) l(summary);
    }
  } catch {
    // A message that is not JSON is skipped; the next summary or the safety refetch heals the view.
  }
}

/** Open the stream and keep it open (reconnecting with backoff) until the returned stop is called. */
export function startLive(): () => void {
  session?.stop();
  let stopped = false;
  let attempt = 0;
  let controller: AbortController | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let lastByte = Date.now();
  const watchdog = setInterval(() => {
    if (state === 'live' && Date.now() - lastByte > SILENCE_MS) controller?.abort();
  }, 5000);

  async function once(): Promise<void> {
    controller = new AbortController();
    const res = await fetch('/api/stream', {
      headers: authHeaders('text/event-stream'),
      cache: 'no-store',
      signal: controller.signal,
    });
    if (res.status === 401) {
      stopped = true;
      tokenRefused();
      return;
    }
    if (!res.ok || !res.body) throw new ApiError(res.status, `the stream answered ${res.status}`);
    lastByte = Date.now();
    attempt = 0;
    setState('live');
    const parser = new EventStreamParser();
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done || stopped) break;
      lastByte = Date.now();
      for (const msg of parser.push(value)) dispatch(msg);
    }
  }

  function loop(): void {
    if (stopped) return;
    once().then(
      () => schedule(),
      () => schedule(),
    );
  }

  function schedule(): void {
    if (stopped) return;
    setState('polling');
    const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** attempt++);
    retry = setTimeout(loop, delay * (0.75 + Math.random() * 0.5));
  }

  setState('connecting');
  loop();
  const stop = (): void => {
    stopped = true;
    clearTimeout(retry);
    clearInterval(watchdog);
    controller?.abort();
    setState('off');
    if (session?.stop === stop) session = undefined;
  };
  session = { stop };
  return stop;
}

/** State of a live request. */
export interface Polled<T> {
  data: T | undefined;
  error: string | undefined;
  loading: boolean;
  /** Time of the last successful fetch, epoch ms. */
  updatedAt: number | undefined;
  reload: () => void;
}

/** What besides alerts makes a view refetch: `summary` also refetches when the stream's counters change. */
export interface PollOptions {
  onSummary?: boolean;
}

/**
 * Run `load` now, whenever the live stream brings an alert (or changed counters, with `onSummary`), after each
 * change made in this tab, and every {@link POLL_MS} while the stream is down; `deps` restart it (new filters).
 * A failed refresh keeps the last good data and reports the error beside it.
 */
export function usePoll<T>(
  load: () => Promise<T>,
  deps: readonly unknown[],
  options: PollOptions = {},
): Polled<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [updatedAt, setUpdatedAt] = useState<number>();
  const generation = useRef(0);
  const live = useLiveState();
  const onSummary = options.onSummary === true;
  // Callers pass the inputs of `load` as deps, so a new filter restarts it and an unchanged one does not.
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

  // First load and changes made in this tab.
  useEffect(() => {
    setLoading(true);
    run();
    const off = onDataChange(run);
    return () => {
      off();
      generation.current++;
    };
  }, [run]);

  // Polling while the stream is down; news from the stream while it is up.
  const wasLive = useRef(live === 'live');
  useEffect(() => {
    if (live === 'live' && !wasLive.current) run(); // caught up after a gap
    wasLive.current = live === 'live';
    const timer = setInterval(run, live === 'live' ? LIVE_REFRESH_MS : POLL_MS);
    let pending: ReturnType<typeof setTimeout> | undefined;
    const soon = (): void => {
      pending ??= setTimeout(() => {
        pending = undefined;
        run();
      }, ALERT_COALESCE_MS);
    };
    const offAlert = onLiveAlert(soon);
    // Counters move every ~2 s on a busy site: refetch for them at most every SUMMARY_REFETCH_MS.
    let last: string | undefined;
    let lastRun = 0;
    let later: ReturnType<typeof setTimeout> | undefined;
    const offSummary = onSummary
      ? onLiveSummary((s) => {
          const key = `${s.events}|${s.alerts}|${s.deadLetters}`;
          const changed = last !== undefined && key !== last;
          last = key;
          if (!changed || later) return;
          const wait = Math.max(0, lastRun + SUMMARY_REFETCH_MS - Date.now());
          later = setTimeout(() => {
            later = undefined;
            lastRun = Date.now();
            run();
          }, wait);
        })
      : () => undefined;
    return () => {
      clearInterval(timer);
      clearTimeout(pending);
      clearTimeout(later);
      offAlert();
      offSummary();
    };
  }, [run, live, onSummary]);

  return { data, error, loading, updatedAt, reload: run };
}

/** A one-shot request (no polling): for answers whose every fetch is logged, like the patient access report. */
export function useOnce<T>(load: () => Promise<T>, deps: readonly unknown[]): Polled<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [updatedAt, setUpdatedAt] = useState<number>();
  const generation = useRef(0);
  const stableLoad = useCallback(load, deps);
  const run = useCallback(() => {
    const mine = ++generation.current;
    setLoading(true);
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
        setData(undefined);
        setError(err instanceof Error ? err.message : String(err));
        setLoading(false);
      },
    );
  }, [stableLoad]);
  useEffect(() => {
    run();
    return () => {
      generation.current++;
    };
  }, [run]);
  return { data, error, loading, updatedAt, reload: run };
}
