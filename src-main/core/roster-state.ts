import type { Contact, ContactPresence } from '../../src-shared/contract';
import type { PresenceEvent } from './protocol/presence-codec';
import type { RosterChange, RosterItem } from './protocol/roster-codec';

// Most available first when a contact is online from several devices.
const RANK: Record<ContactPresence, number> = { available: 3, dnd: 2, away: 1, offline: 0 };

/** The roster, presence per resource and pending subscription requests of one session. */
export class RosterState {
  private readonly items = new Map<string, RosterItem>();
  private readonly resources = new Map<string, Map<string, { presence: ContactPresence; status?: string }>>();
  private readonly pendingRequests = new Set<string>();

  /** Signed out, or another account signs in: nothing of this one is left. */
  reset(): void {
    this.items.clear();
    this.resources.clear();
    this.pendingRequests.clear();
  }

  replace(changes: RosterChange[]): void {
    this.items.clear();
    this.apply(changes);
  }

  apply(changes: RosterChange[]): void {
    for (const change of changes) {
      if ('removed' in change) {
        this.items.delete(change.jid);
        this.resources.delete(change.jid);
      } else {
        this.items.set(change.jid, change);
        // A contact we already let see our presence has nothing left to answer.
        if (change.subscription === 'from' || change.subscription === 'both') this.pendingRequests.delete(change.jid);
      }
    }
  }

  /** Returns true when what a person sees changed. */
  applyPresence(event: PresenceEvent): boolean {
    switch (event.kind) {
      case 'availability': {
        let byResource = this.resources.get(event.from);
        if (!byResource) this.resources.set(event.from, (byResource = new Map()));
        if (event.presence === 'offline') byResource.delete(event.resource);
        else byResource.set(event.resource, { presence: event.presence, status: event.status });
        return this.items.has(event.from);
      }
      case 'subscribe': {
        const item = this.items.get(event.from);
        if (item && (item.subscription === 'from' || item.subscription === 'both')) return false;
        const before = this.pendingRequests.size;
        this.pendingRequests.add(event.from);
        return this.pendingRequests.size !== before;
      }
      case 'unsubscribe':
        return this.pendingRequests.delete(event.from);
      default:
        return false;
    }
  }

  resolveRequest(jid: string): void {
    this.pendingRequests.delete(jid);
  }

  /** The roster items as the server gave them (for the roster cache). */
  rosterItems(): RosterItem[] {
    return [...this.items.values()];
  }

  get(jid: string): RosterItem | undefined {
    return this.items.get(jid);
  }

  clearPresence(): void {
    this.resources.clear();
  }

  /** A contact's presence as a person sees it: its most available resource's. */
  presenceOf(jid: string): { presence: ContactPresence; status?: string } {
    const best = [...(this.resources.get(jid)?.values() ?? [])].sort((a, b) => RANK[b.presence] - RANK[a.presence])[0];
    return { presence: best?.presence ?? 'offline', status: best?.status };
  }

  /** A contact's name as a person sees it (the roster's, else the address's local part); undefined for a stranger. */
  nameOf(jid: string): string | undefined {
    const item = this.items.get(jid);
    return item && nameOfItem(item);
  }

  contacts(): Contact[] {
    return [...this.items.values()].map((item) => ({
      jid: item.jid,
      name: nameOfItem(item),
      subscription: item.subscription,
      pending: item.pending,
      groups: item.groups,
      ...this.presenceOf(item.jid),
    }));
  }

  requests(): string[] {
    return [...this.pendingRequests];
  }
}

function nameOfItem(item: RosterItem): string {
  return item.name ?? item.jid.split('@')[0]!;
}
