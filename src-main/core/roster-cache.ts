import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isContactJid } from '../../src-shared/jid';
import type { RosterItem } from './protocol/roster-codec';

/** A roster as the server last gave it, with its XEP-0237 version (none: fetch it whole next time). */
export interface CachedRoster {
  ver?: string;
  items: RosterItem[];
}

/**
 * Where each account's roster is kept between sessions (RFC 6121 §2.6 roster versioning): with it
 * a sign-in asks the server only for what changed, usually nothing.
 */
export interface RosterCache {
  load(account: string): Promise<CachedRoster | undefined>;
  save(account: string, roster: CachedRoster): Promise<void>;
  forget(account: string): Promise<void>;
}

/** For the preview and tests: kept for the life of the process, nothing on disk. */
export function memoryRosterCache(): RosterCache {
  const saved = new Map<string, CachedRoster>();
  return {
    async load(account) {
      const roster = saved.get(account);
      return roster && { ver: roster.ver, items: roster.items.map(copyItem) };
    },
    async save(account, roster) {
      saved.set(account, { ver: roster.ver, items: roster.items.map(copyItem) });
    },
    async forget(account) {
      saved.delete(account);
    },
  };
}

/**
 * One JSON file per account in `dir`, named by a hash of the address. Each file is written whole
 * then renamed (a crash never leaves half a roster), saves of one account go out one at a time
 * and only the newest waiting one is written (a burst of pushes is one write); a file that does
 * not read back as a roster is no cache at all (test/unit/roster-cache.test.ts).
 */
export function rosterCacheFiles(dir: string): RosterCache {
  const fileOf = (account: string) => path.join(dir, `roster-${createHash('sha256').update(account).digest('hex').slice(0, 32)}.json`);
  const writers = new Map<string, LatestWriter>();
  const writerOf = (account: string) => {
    let writer = writers.get(account);
    if (!writer) writers.set(account, (writer = new LatestWriter(fileOf(account), dir)));
    return writer;
  };
  return {
    async load(account) {
      await writers.get(account)?.idle();
      try {
        return parseCachedRoster(JSON.parse(await readFile(fileOf(account), 'utf8')));
      } catch {
        return undefined;
      }
    },
    save: (account, roster) => writerOf(account).write(JSON.stringify({ ver: roster.ver, items: roster.items })),
    async forget(account) {
      await writers.get(account)?.idle();
      await rm(fileOf(account), { force: true });
    },
  };
}

/** Writes a file's newest content, one write at a time. */
class LatestWriter {
  private running: Promise<void> = Promise.resolve();
  private waiting: string | undefined;
  private waitingDone: Promise<void> | undefined;

  constructor(
    private readonly file: string,
    private readonly dir: string,
  ) {}

  write(content: string): Promise<void> {
    this.waiting = content;
    this.waitingDone ??= this.running.then(() => this.flush());
    return this.waitingDone;
  }

  idle(): Promise<void> {
    return (this.waitingDone ?? this.running).catch(() => undefined);
  }

  private async flush(): Promise<void> {
    const content = this.waiting!;
    this.waiting = undefined;
    this.waitingDone = undefined;
    const done = (async () => {
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      await writeFile(`${this.file}.tmp`, content, { mode: 0o600 });
      await rename(`${this.file}.tmp`, this.file);
    })();
    this.running = done.catch(() => undefined);
    return done;
  }
}

const SUBSCRIPTIONS = new Set(['none', 'to', 'from', 'both']);

/** The cache as read back from disk, or undefined when any of it is not a roster. */
export function parseCachedRoster(value: unknown): CachedRoster | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { ver, items } = value as { ver?: unknown; items?: unknown };
  if ((ver !== undefined && typeof ver !== 'string') || !Array.isArray(items)) return undefined;
  const parsed: RosterItem[] = [];
  for (const item of items as Partial<RosterItem>[]) {
    if (typeof item !== 'object' || item === null || !isContactJid(item.jid)) return undefined;
    if (!SUBSCRIPTIONS.has(item.subscription as string) || typeof item.pending !== 'boolean') return undefined;
    if (item.name !== undefined && typeof item.name !== 'string') return undefined;
    if (!Array.isArray(item.groups) || !item.groups.every((group) => typeof group === 'string')) return undefined;
    parsed.push(copyItem(item as RosterItem));
  }
  return { ver, items: parsed };
}

function copyItem(item: RosterItem): RosterItem {
  return { jid: item.jid, name: item.name, subscription: item.subscription, pending: item.pending, groups: [...item.groups] };
}
