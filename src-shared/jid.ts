/**
 * Address checks Glance needs before anything reaches the wire. Deliberately stricter than
 * RFC 7622 for what a person types (a bare local@domain), lenient for what peers send us.
 */

export interface BareJid {
  local: string;
  domain: string;
}

// Control and invisible format characters too (RFC 7622's PRECIS IdentifierClass has neither):
// added with issue 5's hostile-input tests, as `fri\u200bend@example.org` looks just like a contact.
const FORBIDDEN_LOCAL = /["&'/:<>@\s\p{Cc}\p{Cf}]/u;
const DOMAIN = /^(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?)(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?)*$|^\[[0-9a-fA-F:.]+\]$/u;

/** Parses an address a person typed as `local@domain`; undefined when it is not one. */
export function parseAccountAddress(input: string): BareJid | undefined {
  const address = input.trim();
  const at = address.indexOf('@');
  if (at <= 0 || at !== address.lastIndexOf('@')) return undefined;
  const local = address.slice(0, at);
  const domain = address.slice(at + 1).toLowerCase();
  if (local.length > 1023 || FORBIDDEN_LOCAL.test(local)) return undefined;
  if (domain.length === 0 || domain.length > 1023 || !DOMAIN.test(domain)) return undefined;
  return { local: local.toLowerCase(), domain };
}

/** `local@domain/resource` → `local@domain`; the domain and local part lower-cased. */
export function bareJid(full: string): string {
  const slash = full.indexOf('/');
  const bare = slash === -1 ? full : full.slice(0, slash);
  return bare.toLowerCase();
}

/**
 * A JID from the network we are willing to treat as a contact address (a bare local@domain).
 * Exactly that: surrounding whitespace is not trimmed away (FIX, issue 5's hostile-input tests:
 * `friend@example.org ` passed, a separate contact that looks just like `friend@example.org`).
 */
export function isContactJid(value: string | undefined): value is string {
  return typeof value === 'string' && value === value.trim() && parseAccountAddress(value) !== undefined && !value.includes('/');
}

/**
 * A bare JID from the network that may be the other party of a conversation: a contact address,
 * or a server's domain (servers send announcements). Anything else (`a@b@c`, `not a jid`, a
 * lookalike with a trailing space or a control character) is dropped where it arrives.
 */
export function isPeerJid(value: string | undefined): value is string {
  return typeof value === 'string' && (isContactJid(value) || isDomainJid(value));
}

function isDomainJid(value: string): boolean {
  return value.length <= 1023 && !value.includes('@') && DOMAIN.test(value);
}
