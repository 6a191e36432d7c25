import { chatWith, type ConversationRef } from '../../src-shared/conversation';
import { parseAccountAddress } from '../../src-shared/jid';

/**
 * `xmpp:` links (RFC 5122, query actions per XEP-0147), parsed without trusting anything: only the
 * path form naming one contact (`xmpp:romeo@montague.lit`, optionally `/resource`), never the
 * authority form that names an account to act as (`xmpp://guest@example.com/…`).
 */

export interface XmppUri {
  /** Bare JID, normalised as Glance stores addresses (lower case). */
  jid: string;
  resource?: string;
  /** The query type (XEP-0147 action), lower case: `message`, `roster`, `subscribe`, … */
  action?: string;
  /** Decoded `;key=value` pairs; the first of a repeated key wins. */
  params: Record<string, string>;
}

export type XmppUriError = 'not-xmpp' | 'too-long' | 'authority-form' | 'malformed' | 'invalid-jid' | 'not-a-contact';

export type XmppUriResult = { ok: true; uri: XmppUri } | { ok: false; error: XmppUriError };

const MAX_LENGTH = 8192;
// RFC 3987 iunreserved, approximated for non-ASCII: any character from U+00A0 up is allowed.
const UNRESERVED = String.raw`A-Za-z0-9\-._~\u{a0}-\u{d7ff}\u{f900}-\u{fdcf}\u{fdf0}-\u{ffef}\u{10000}-\u{10ffff}`;
const PCT = '%[0-9A-Fa-f]{2}';
const NODE = new RegExp(String.raw`^(?:[${UNRESERVED}!$()*+,;=]|${PCT})+$`, 'u');
// ihost: a reg-name (sub-delims allowed by the grammar; the JID check below is stricter) or an IP literal.
const HOST = new RegExp(String.raw`^(?:(?:[${UNRESERVED}!$&'()*+,;=]|${PCT})+|\[[0-9A-Fa-f:.]+\])$`, 'u');
const RESOURCE = new RegExp(String.raw`^(?:[${UNRESERVED}!$&'()*+,:;=]|${PCT})+$`, 'u');
const QUERY_PART = new RegExp(String.raw`^(?:[${UNRESERVED}]|${PCT})*$`, 'u');
// RFC 5122 allows only unreserved characters in a value; links in the wild also carry the
// characters any URI query may (`+`, `/`, `?`, …), which are taken literally (`+` is not a space).
const QUERY_VALUE = new RegExp(String.raw`^(?:[${UNRESERVED}!$&'()*+,=:@/?]|${PCT})*$`, 'u');

const fail = (error: XmppUriError): XmppUriResult => ({ ok: false, error });

export function parseXmppUri(input: unknown): XmppUriResult {
  if (typeof input !== 'string') return fail('not-xmpp');
  const text = input.trim();
  if (!/^xmpp:/iu.test(text)) return fail('not-xmpp');
  if (text.length > MAX_LENGTH) return fail('too-long');
  let rest = text.slice(5);
  const hash = rest.indexOf('#');
  if (hash !== -1) rest = rest.slice(0, hash);
  if (rest.startsWith('//')) return fail('authority-form');
  const question = rest.indexOf('?');
  const path = question === -1 ? rest : rest.slice(0, question);
  const query = question === -1 ? undefined : rest.slice(question + 1);

  const slash = path.indexOf('/');
  const address = slash === -1 ? path : path.slice(0, slash);
  const rawResource = slash === -1 ? undefined : path.slice(slash + 1);
  const at = address.indexOf('@');
  if (at === -1) return HOST.test(address) ? fail('not-a-contact') : fail('malformed');
  const rawNode = address.slice(0, at);
  const rawHost = address.slice(at + 1);
  if (!NODE.test(rawNode) || !HOST.test(rawHost)) return fail('malformed');
  if (rawResource !== undefined && !RESOURCE.test(rawResource)) return fail('malformed');

  const node = decode(rawNode);
  const host = decode(rawHost);
  const resource = rawResource === undefined ? undefined : decode(rawResource);
  if (node === undefined || host === undefined || (rawResource !== undefined && resource === undefined)) return fail('malformed');
  if (resource !== undefined && /[\p{Cc}\p{Cf}]/u.test(resource)) return fail('malformed');
  const bare = parseAccountAddress(`${node}@${host}`);
  if (!bare || /[\p{Cc}\p{Cf}]/u.test(node)) return fail('invalid-jid');

  let action: string | undefined;
  const params: [string, string][] = [];
  if (query !== undefined) {
    const [type, ...pairs] = query.split(';');
    if (!QUERY_PART.test(type)) return fail('malformed');
    action = decode(type)?.toLowerCase();
    if (action === undefined) return fail('malformed');
    for (const pair of pairs) {
      const equals = pair.indexOf('=');
      // The grammar requires `key=value`; a bare key carries nothing, so it is skipped.
      if (equals <= 0) continue;
      const rawKey = pair.slice(0, equals);
      const rawValue = pair.slice(equals + 1);
      if (!QUERY_PART.test(rawKey) || !QUERY_VALUE.test(rawValue)) return fail('malformed');
      const key = decode(rawKey);
      const value = decode(rawValue);
      if (key === undefined || value === undefined) return fail('malformed');
      if (!params.some(([seen]) => seen === key)) params.push([key, value]);
    }
  }
  return {
    ok: true,
    uri: {
      jid: `${bare.local}@${bare.domain}`,
      ...(resource ? { resource } : {}),
      ...(action ? { action } : {}),
      params: Object.fromEntries(params),
    },
  };
}

/** What opening a link asks of the app. Nothing is ever sent or added without the person confirming. */
export type XmppLinkRequest =
  /** Open (or start) the conversation; `draft` pre-fills the composer, never sent by itself. */
  | { kind: 'conversation'; conversation: ConversationRef; draft?: string }
  /** Offer to add the contact (XEP-0147 `roster` / `subscribe`); `peer` is the address to add. */
  | { kind: 'add-contact'; peer: string; name?: string }
  /** Offer to join the group chat (XEP-0045 §15.6 `join`): the join dialog, filled in. */
  | { kind: 'join-room'; room: string; password?: string }
  /** A link for something Glance does not do (ad-hoc commands, …). */
  | { kind: 'unsupported'; jid: string; action: string };

export function xmppLinkRequest(uri: XmppUri): XmppLinkRequest {
  const param = (key: string) => (Object.hasOwn(uri.params, key) ? uri.params[key] : undefined);
  switch (uri.action) {
    case undefined:
      return { kind: 'conversation', conversation: chatWith(uri.jid) };
    case 'message': {
      const draft = param('body');
      return draft ? { kind: 'conversation', conversation: chatWith(uri.jid), draft } : { kind: 'conversation', conversation: chatWith(uri.jid) };
    }
    case 'roster':
    case 'subscribe': {
      const name = param('name')?.trim();
      return name ? { kind: 'add-contact', peer: uri.jid, name } : { kind: 'add-contact', peer: uri.jid };
    }
    case 'join': {
      const password = param('password');
      return password ? { kind: 'join-room', room: uri.jid, password } : { kind: 'join-room', room: uri.jid };
    }
    default:
      return { kind: 'unsupported', jid: uri.jid, action: uri.action };
  }
}

function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
