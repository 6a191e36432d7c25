import type { RoomInvitation } from '../../../src-shared/contract';

/**
 * Invitations waiting for the person's answer, one per room (a newer one replaces it). Nothing is
 * joined without the person: a stranger's invitation is a request like a contact's.
 */
export class InvitationBook {
  private readonly byRoom = new Map<string, RoomInvitation>();

  add(invitation: RoomInvitation): void {
    this.byRoom.set(invitation.room, invitation);
  }

  get(room: string): RoomInvitation | undefined {
    return this.byRoom.get(room);
  }

  /** Whether there was one to remove. */
  remove(room: string): boolean {
    return this.byRoom.delete(room);
  }

  clear(): void {
    this.byRoom.clear();
  }

  list(): RoomInvitation[] {
    return [...this.byRoom.values()];
  }
}
