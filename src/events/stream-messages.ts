// The control messages of the lease event stream and its close codes (docs/events.md).
// Event messages themselves are PreparedEvent.frame: {"seq", "type", "at", "agent", "lease"}.

/** WebSocket close codes the stream ends with; 4xxx are ours (RFC 6455 §7.4.2: private use). */
export const CLOSE_CODE = {
  /** the agent is stopping; the reason carries the seq to resume from */
  GOING_AWAY: 1001,
  /** the events could not be read from the database; the reason carries the seq to resume from */
  INTERNAL_ERROR: 1011,
  /** the subscription (query or first message) is invalid, or none came */
  BAD_SUBSCRIPTION: 4000,
  /** more than lease-events.max-buffered messages waited for this subscriber */
  SLOW_CONSUMER: 4008,
  /** `since` is older than the retained events (or beyond the newest): resync with lease6-get-all */
  RESYNC_REQUIRED: 4010,
} as const;

export type CloseCode = (typeof CLOSE_CODE)[keyof typeof CLOSE_CODE];

/**
 * Sent once when the subscriber has every matching event up to `seq` (the replay is done, or
 * there was none) and what follows comes live.
 */
export function liveMessage(seq: number): string {
  return `{"type":"live","seq":${seq}}`;
}

/**
 * Sent at the heartbeat interval: the subscriber has every matching event up to `seq`, so it
 * may resume from there even when its filter let nothing through for a while.
 */
export function heartbeatMessage(seq: number): string {
  return `{"type":"heartbeat","seq":${seq}}`;
}

/** Sent just before the stream closes with `code`; `seq` is where to resume (since=seq). */
export function errorMessage(code: number, text: string, seq: number | null): string {
  return JSON.stringify({ type: 'error', code, text, seq });
}

/** RFC 6455 §5.5: a close frame's reason fits in 123 bytes of UTF-8. */
export function closeReason(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= 123) return text;
  return bytes.subarray(0, 120).toString('utf8').replace(/\uFFFD+$/, '') + '...';
}

/** The close reason of a stream that can be resumed: "<what happened>; resume with since=N". */
export function resumeReason(what: string, seq: number): string {
  return closeReason(`${what}; resume with since=${seq}`);
}

/** The seq a "resume with since=N" close reason names, if any. */
export function resumeSeqOf(reason: string): number | undefined {
  const m = /since=(\d+)\s*$/.exec(reason);
  return m ? Number(m[1]) : undefined;
}
