/** The addresses the account blocks (XEP-0191), as the server last said: bare JIDs, lower-cased. */
export class Blocklist {
  private readonly jids = new Set<string>();

  has(jid: string): boolean {
    return this.jids.has(jid.toLowerCase());
  }

  replace(jids: readonly string[]): void {
    this.jids.clear();
    this.add(jids);
  }

  add(jids: readonly string[]): void {
    for (const jid of jids) this.jids.add(jid.toLowerCase());
  }

  remove(jids: readonly string[]): void {
    for (const jid of jids) this.jids.delete(jid.toLowerCase());
  }

  clear(): void {
    this.jids.clear();
  }

  list(): string[] {
    return [...this.jids].sort();
  }
}
