import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getFile } from './http-get';
import type { PictureType } from '../../../src-shared/contract';
import { sniffPicture } from './picture-type';

/** A remote file the core fetched, served to the page by its random key (never by its URL). */
export interface CachedFile {
  key: string;
  path: string;
  size: number;
  /** Set only when the bytes are one of the raster formats shown inline. */
  picture: PictureType | null;
}

/** Largest file fetched. */
export const MAX_DOWNLOAD_BYTES = 100 * 1024 * 1024;
/** What the cache keeps on disk at most; the least recently used files go first. */
export const CACHE_LIMIT_BYTES = 256 * 1024 * 1024;

const KEY = /^[0-9a-f]{32}$/;

/**
 * Remote files fetched by the core (never by the page) into a size-limited directory, by URL;
 * the page reaches them only as `/files/<key>` through the app's own protocol or the preview's
 * server, where the key is random (unguessable even for a known URL). docs/architecture.md, "Files".
 */
export class FileCache {
  private readonly byUrl = new Map<string, Promise<CachedFile>>();
  /** Insertion order is use order: the first is the least recently used. */
  private readonly byKey = new Map<string, { file: CachedFile; url: string }>();
  private total = 0;
  readonly dir: string;

  constructor(
    dir?: string,
    private readonly limit = CACHE_LIMIT_BYTES,
  ) {
    if (dir) mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.dir = dir ?? mkdtempSync(path.join(tmpdir(), 'glance-files-'));
  }

  /** The file at `url`, fetched once (concurrent asks share the download). */
  fetch(url: string): Promise<CachedFile> {
    let entry = this.byUrl.get(url);
    if (!entry) {
      entry = this.download(url);
      this.byUrl.set(url, entry);
      entry.catch(() => this.byUrl.delete(url));
    }
    return entry;
  }

  /** A cached file by its key, or undefined (malformed or unknown key). */
  lookup(key: string): CachedFile | undefined {
    if (!KEY.test(key)) return undefined;
    const found = this.byKey.get(key);
    if (!found) return undefined;
    this.byKey.delete(key);
    this.byKey.set(key, found);
    return found.file;
  }

  /** Removes the directory and everything in it. */
  clear(): void {
    rmSync(this.dir, { recursive: true, force: true });
    this.byUrl.clear();
    this.byKey.clear();
    this.total = 0;
  }

  private async download(url: string): Promise<CachedFile> {
    const key = randomBytes(16).toString('hex');
    const target = path.join(this.dir, key);
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const { size, head } = await getFile(url, target, Math.min(MAX_DOWNLOAD_BYTES, this.limit));
    const file: CachedFile = { key, path: target, size, picture: sniffPicture(head) };
    this.byKey.set(key, { file, url });
    this.total += size;
    await this.evict(key);
    return file;
  }

  private async evict(keep: string): Promise<void> {
    for (const [key, { file, url }] of this.byKey) {
      if (this.total <= this.limit) return;
      if (key === keep) continue;
      this.byKey.delete(key);
      this.byUrl.delete(url);
      this.total -= file.size;
      await rm(file.path, { force: true });
    }
  }
}
