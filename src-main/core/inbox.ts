import type { WireMessage } from '../../src-shared/contract';

/**
 * Messages handed to the renderer but not yet confirmed stored. History lives in the renderer's
 * IndexedDB, so until it acknowledges a message the core keeps it and hands it over again to
 * the next renderer that asks (a reload, a crash): nothing is lost between the two.
 */
export class Inbox {
  private nextSeq = 1;
  private readonly unacknowledged = new Map<number, WireMessage>();

  add(message: Omit<WireMessage, 'seq'>): WireMessage {
    const stored = { ...message, seq: this.nextSeq++ };
    this.unacknowledged.set(stored.seq, stored);
    return stored;
  }

  acknowledge(seqs: readonly number[]): void {
    for (const seq of seqs) this.unacknowledged.delete(seq);
  }

  pending(): WireMessage[] {
    return [...this.unacknowledged.values()];
  }

  get size(): number {
    return this.unacknowledged.size;
  }
}
