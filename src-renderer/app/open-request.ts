import type { MessageRef, OpenRequest } from '../../src-shared/contract';
import { asConversationRef, type ConversationRef } from '../../src-shared/conversation';
import { isBareJid } from '../ui/address';

/** Longest draft taken from a link (the core caps message bodies at 100,000 characters). */
export const MAX_DRAFT = 100_000;

function messageRef(value: unknown): MessageRef | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.timestamp !== 'number' || !Number.isFinite(v.timestamp)) return undefined;
  const ref: MessageRef = { timestamp: v.timestamp };
  if (typeof v.stanzaId === 'string' && v.stanzaId) ref.stanzaId = v.stanzaId;
  if (typeof v.clientId === 'string' && v.clientId) ref.clientId = v.clientId;
  return ref;
}

/** A conversation ref from the shell: a kind and a bare JID (for a chat, an address a person could type). */
function conversationRef(value: unknown): ConversationRef | undefined {
  const ref = asConversationRef(value);
  return ref && isBareJid(ref.jid) ? ref : undefined;
}

/**
 * An open request from the shell (a notification click, an `xmpp:` link), checked: a conversation
 * (a kind and a bare JID), a well-formed message reference, a string draft. Anything else is
 * dropped (undefined).
 */
export function parseOpenRequest(value: unknown): OpenRequest | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (v.kind === 'add-contact') {
    if (typeof v.peer !== 'string' || !isBareJid(v.peer)) return undefined;
    const peer = v.peer.trim();
    const name = typeof v.name === 'string' && v.name.trim() ? v.name.trim() : undefined;
    return name ? { kind: 'add-contact', peer, name } : { kind: 'add-contact', peer };
  }
  if (v.kind === 'join-room') {
    if (typeof v.room !== 'string' || !isBareJid(v.room)) return undefined;
    const room = v.room.trim().toLowerCase();
    return typeof v.password === 'string' && v.password ? { kind: 'join-room', room, password: v.password } : { kind: 'join-room', room };
  }
  if (v.kind !== 'conversation') return undefined;
  const conversation = conversationRef(v.conversation);
  if (!conversation) return undefined;
  const request: Extract<OpenRequest, { kind: 'conversation' }> = { kind: 'conversation', conversation };
  const at = messageRef(v.at);
  if (at) request.at = at;
  if (typeof v.draft === 'string' && v.draft.trim()) request.draft = v.draft.slice(0, MAX_DRAFT);
  return request;
}

/**
 * The composer's text after a link brings a draft: the draft when nothing is written, what is
 * written when it already holds the draft, else both (what was written is never lost).
 */
export function mergeDraft(current: string, draft: string): string {
  if (current.trim() === '') return draft;
  if (current.includes(draft)) return current;
  return `${current.trimEnd()}\n${draft}`;
}
