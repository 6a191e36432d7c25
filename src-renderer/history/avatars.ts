import type { PictureType } from '../../src-shared/contract';
import type { HistoryDb } from './schema';

/** A contact's picture as the core checked it (its SHA-1 is `hash`, its bytes are of `type`), kept by hash (version 10). */
export interface StoredAvatar {
  hash: string;
  type: PictureType;
  base64: string;
  /** When it was stored (ms since the epoch). */
  at: number;
}

export function readAvatar(db: HistoryDb, hash: string): Promise<StoredAvatar | undefined> {
  return db.avatars.get(hash);
}

export async function storeAvatar(db: HistoryDb, avatar: StoredAvatar): Promise<void> {
  await db.avatars.put(avatar);
}
