import xml, { type Element } from '@xmpp/xml';
import { NS } from './namespaces';

/** XEP-0085 chat states; `gone` is read but never sent by Glance. */
export type ChatState = 'active' | 'composing' | 'paused' | 'inactive' | 'gone';
export type OutgoingChatState = Exclude<ChatState, 'gone'>;

const STATES: readonly ChatState[] = ['active', 'composing', 'paused', 'inactive', 'gone'];

/** The chat state a message carries (one per stanza, XEP-0085 §5.5), if any. */
export function readChatState(message: Element): ChatState | undefined {
  for (const child of message.children) {
    if (typeof child === 'object' && child.attrs.xmlns === NS.chatStates && STATES.includes(child.name as ChatState)) return child.name as ChatState;
  }
  return undefined;
}

/**
 * A standalone chat state: no body, and never archived (XEP-0085 §5.5, XEP-0334 `<no-store/>`);
 * `groupchat` to a room (§5.6; `gone` is not an OutgoingChatState, so it never goes to one).
 */
export function buildChatState(to: string, state: OutgoingChatState, type: 'chat' | 'groupchat' = 'chat'): Element {
  return xml('message', { type, to }, xml(state, { xmlns: NS.chatStates }), xml('no-store', { xmlns: NS.hints }));
}

/** The `<active/>` a message of ours carries while chat states are on. */
export function activeState(): Element {
  return xml('active', { xmlns: NS.chatStates });
}
