import type { ReadAdvance } from '../history';

/** What the core's `markDisplayed` command takes. */
export interface DisplayedRequest {
  peer: string;
  markerFor?: string;
  stanzaId?: string;
}

/** Folds a later read step into an earlier unsent one: the newest marker target and stanza-id win. */
export function mergeAdvance(earlier: DisplayedRequest | undefined, later: ReadAdvance): DisplayedRequest {
  const request: DisplayedRequest = { peer: later.peer };
  const markerFor = later.markerFor ?? earlier?.markerFor;
  const stanzaId = later.stanzaId ?? earlier?.stanzaId;
  if (markerFor !== undefined) request.markerFor = markerFor;
  if (stanzaId !== undefined) request.stanzaId = stanzaId;
  return request;
}

export interface MarkerBatchOptions {
  send(request: DisplayedRequest): void;
  /** A step waits this long (ms) for the next one before going out; each new step restarts it. */
  quietMs: number;
  /** ...but no step waits longer than this (ms) in total. */
  maxDelayMs: number;
}

/**
 * Coalesces local read steps per conversation into one `markDisplayed` call, so a burst of
 * messages that become seen a few milliseconds apart sends one marker, for the newest.
 */
export class MarkerBatch {
  private readonly waiting = new Map<string, { request: DisplayedRequest; deadline: number; timer: ReturnType<typeof setTimeout> }>();

  constructor(
    private readonly options: MarkerBatchOptions,
    private readonly now: () => number = Date.now,
  ) {}

  add(advance: ReadAdvance): void {
    const entry = this.waiting.get(advance.peer);
    const request = mergeAdvance(entry?.request, advance);
    if (entry) clearTimeout(entry.timer);
    const deadline = entry?.deadline ?? this.now() + this.options.maxDelayMs;
    const delay = Math.max(0, Math.min(this.options.quietMs, deadline - this.now()));
    const timer = setTimeout(() => this.flush(advance.peer), delay);
    this.waiting.set(advance.peer, { request, deadline, timer });
  }

  flush(peer: string): void {
    const entry = this.waiting.get(peer);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.waiting.delete(peer);
    this.options.send(entry.request);
  }

  /** Sends everything still waiting (the page is going away, or the account changes). */
  flushAll(): void {
    for (const peer of [...this.waiting.keys()]) this.flush(peer);
  }
}
