import type { ContactProfile } from '../../../src-shared/contract';

/** Where a contact's avatar hash came from: XEP-0084 wins; XEP-0153 counts only while PEP said nothing. */
export type AvatarSource = 'pep' | 'vcard';

interface Entry {
  avatar?: { hash: string; source: AvatarSource };
  /** PEP said "no avatar": a vCard hash in presence must not bring an old picture back. */
  pepRemoved?: true;
  nickname?: string;
}

/** Contacts' avatars and nicknames as their PEP nodes and presence last said. */
export class ProfileRegistry {
  private readonly entries = new Map<string, Entry>();

  /** Returns true when what the snapshot says changed. */
  setAvatar(jid: string, hash: string | null, source: AvatarSource): boolean {
    const entry = this.entries.get(jid) ?? {};
    const before = entry.avatar?.hash;
    if (source === 'vcard' && (entry.avatar?.source === 'pep' || entry.pepRemoved)) return false;
    if (hash === null) {
      delete entry.avatar;
      if (source === 'pep') entry.pepRemoved = true;
    } else {
      entry.avatar = { hash, source };
      delete entry.pepRemoved;
    }
    this.entries.set(jid, entry);
    return before !== entry.avatar?.hash;
  }

  setNickname(jid: string, nickname: string | null): boolean {
    const entry = this.entries.get(jid) ?? {};
    const before = entry.nickname;
    if (nickname === null) delete entry.nickname;
    else entry.nickname = nickname;
    this.entries.set(jid, entry);
    return before !== entry.nickname;
  }

  /** Where the avatar `hash` of `jid` is fetched from, when it is the one we know. */
  sourceOf(jid: string, hash: string): AvatarSource | undefined {
    const avatar = this.entries.get(jid)?.avatar;
    return avatar?.hash === hash ? avatar.source : undefined;
  }

  profiles(): Record<string, ContactProfile> {
    const out: Record<string, ContactProfile> = {};
    for (const [jid, entry] of this.entries) {
      if (!entry.avatar && entry.nickname === undefined) continue;
      out[jid] = { ...(entry.avatar ? { avatar: entry.avatar.hash } : {}), ...(entry.nickname !== undefined ? { nickname: entry.nickname } : {}) };
    }
    return out;
  }

  clear(): void {
    this.entries.clear();
  }
}
