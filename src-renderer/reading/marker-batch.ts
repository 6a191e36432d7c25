import { conversationKey, type ConversationKey, type ConversationRef } from '../../src-shared/conversation';
import type { ReadAdvance } from '../history';

/** What the core's `markDisplayed` command takes. */
export interface DisplayedRequest {
  conversation: ConversationRef;
  markerFor?: string;
  stanzaId?: string;
}

/** Folds a later read step into an earlier unsent one: the newest marker target and stanza-id win. */
export function mergeAdvance(earlier: DisplayedRequest | undefined, later: ReadAdvance): DisplayedRequest {
  const request: DisplayedRequest = { conversation: later.conversation };
  const markerFor = later.markerFor ?? earlier?.markerFor;
  const stanzaId = later.stanzaId ?? earlier?.stanzaId;
  if (markerFor !== undefined) request.markerFor = markerFor;
  if (stanzaId !== undefined) request.stanzaId = stanzaId;
  return request;
}

export interface MarkerBatchOptions {
  send(request: DisplayedRequest): void;
  /** A held step waits at most this long (ms) for the ones it waits for. */
  maxDelayMs: number;
}

/**
 * Coalesces local read steps per conversation into `markDisplayed` calls. A step goes out at once
 * (a single message's marker is not delayed), unless newer messages of that conversation are on
 * screen with their dwell still running: they are about to be seen too, so it waits for the last
 * of them, at most `maxDelayMs`. A burst of messages on screen together sends one marker, for
 * the newest (docs/architecture.md, read-status rules).
 */
export class MarkerBatch {
  private readonly waiting = new Map<ConversationKey, { request: DisplayedRequest; timer: ReturnType<typeof setTimeout> }>();

  constructor(private readonly options: MarkerBatchOptions) {}

  /** `moreComing`: newer messages of the conversation are on screen and will be seen within their dwell. */
  add(advance: ReadAdvance, moreComing: boolean): void {
    const key = conversationKey(advance.conversation);
    const entry = this.waiting.get(key);
    const request = mergeAdvance(entry?.request, advance);
    if (!moreComing) {
      if (entry) clearTimeout(entry.timer);
      this.waiting.delete(key);
      this.options.send(request);
    } else if (entry) {
      entry.request = request;
    } else {
      this.waiting.set(key, { request, timer: setTimeout(() => this.flush(key), this.options.maxDelayMs) });
    }
  }

  flush(conversation: ConversationKey): void {
    const entry = this.waiting.get(conversation);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.waiting.delete(conversation);
    this.options.send(entry.request);
  }

  /** Sends everything still waiting (the page is going away, or the account changes). */
  flushAll(): void {
    for (const conversation of [...this.waiting.keys()]) this.flush(conversation);
  }
}
