/**
 * Client-side check of an account or contact address before it goes to the core: a bare JID,
 * local@domain, with no resource. Loose on purpose (the server has the last word), but it catches
 * what people actually mistype: a missing @, spaces, a trailing slash, an empty part.
 */

// RFC 7622 forbids these in the localpart.
const LOCAL_FORBIDDEN = /["&'/:<>@\s]/u;
const LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?$/u;
const IPV4 = /^(?:\d{1,3}\.){3}\d{1,3}$/u;

/** Normalises what a person typed: surrounding spaces gone, the domain lower-cased. */
export function normaliseAddress(input: string): string {
  const trimmed = input.trim();
  const at = trimmed.lastIndexOf('@');
  if (at < 0) return trimmed;
  return trimmed.slice(0, at) + '@' + trimmed.slice(at + 1).toLowerCase();
}

function isDomain(domain: string): boolean {
  if (domain.length === 0 || domain.length > 253) return false;
  if (IPV4.test(domain)) return domain.split('.').every((octet) => Number(octet) <= 255);
  if (domain.startsWith('[') && domain.endsWith(']')) return /^\[[0-9a-f:.]+\]$/iu.test(domain);
  const labels = domain.endsWith('.') ? domain.slice(0, -1).split('.') : domain.split('.');
  return labels.every((label) => label.length > 0 && label.length <= 63 && LABEL.test(label));
}

/** Whether the text (after normaliseAddress) is a bare JID of the form local@domain. */
export function isBareJid(input: string): boolean {
  const address = normaliseAddress(input);
  const at = address.indexOf('@');
  if (at <= 0 || at !== address.lastIndexOf('@')) return false;
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (local.length > 1023 || LOCAL_FORBIDDEN.test(local)) return false;
  return isDomain(domain);
}
