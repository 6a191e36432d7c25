/** Dedupe keys: "stanza-id by our server, else origin-id/id + sender" (docs/architecture.md, History). */

/** 53-bit string hash (cyrb53), as base-36; for messages that carry no id at all. */
export function hash53(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

export interface KeyParts {
  peer: string;
  /** Bare JID of the sender. */
  sender: string;
  stanzaId?: string;
  /** origin-id, else message@id. */
  clientId?: string;
  timestamp: number;
  body: string;
}

/**
 * The primary key a new row gets. A row keeps its first key for life: when our own message
 * (keyed by origin-id) later comes back from the archive with a stanza-id, the archive copy is
 * found through the indexes and merged into the existing row.
 */
export function messageKey(m: KeyParts): string {
  if (m.stanzaId) return `s:${m.stanzaId}`;
  if (m.clientId) return `c:${m.peer}:${m.sender}:${m.clientId}`;
  return `h:${m.peer}:${hash53(`${m.sender}\n${m.timestamp}\n${m.body}`)}`;
}

/** Map key for the [sender+clientId] index. */
export function clientKey(sender: string, clientId: string): string {
  return `${sender}\u0000${clientId}`;
}
