/** The live-update indicator of the header and the "updated at" note of each page. */
import { useLiveState } from '../live.js';
import type { LiveState } from '../live.js';

const TEXT: Record<LiveState, { short: string; long: string }> = {
  off: { short: 'Off', long: 'Live updates: off' },
  connecting: { short: 'Connecting…', long: 'Live updates: connecting to the server' },
  live: { short: 'Live', long: 'Live updates: on, the server pushes new alerts and counters' },
  polling: {
    short: 'Polling',
    long: 'Live updates: the stream is down, refreshing every 5 seconds and reconnecting',
  },
};

/** A dot and a word in the header; its accessible name says what the state means. */
export function LiveIndicator() {
  const state = useLiveState();
  const t = TEXT[state];
  return (
    <span className={`live-indicator live-${state}`} role="status" aria-label={t.long} title={t.long}>
      <span className="dot" aria-hidden="true" />
      <span aria-hidden="true">{t.short}</span>
    </span>
  );
}

/** "Live · updated hh:mm:ss" under a page title; not announced (the header indicator is). */
export function LiveNote({ updatedAt }: { updatedAt: number | undefined }) {
  const state = useLiveState();
  const how = state === 'live' ? 'Live' : 'Refreshed every 5 s';
  return (
    <p className="live muted" aria-live="off">
      {how}
      {updatedAt ? ` · updated ${new Date(updatedAt).toLocaleTimeString()}` : ''}
    </p>
  );
}
