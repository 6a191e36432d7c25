import type { OpenRequest } from '../../src-shared/contract';
import type { MessageTarget } from '../history';
import { conversationKey, type ConversationKey, type ConversationRef } from '../../src-shared/conversation';

/**
 * One-shot asks from an open request (a notification click, an `xmpp:` link) to the components
 * that carry them out: each component takes the one meant for it (which clears it), whether it
 * is on screen already or mounts later.
 */
export class OpenTargets {
  /** Show this message of the conversation (the message list scrolls to it). */
  focus = $state.raw<{ conversation: ConversationKey; at: MessageTarget } | undefined>();
  /** The message a search result opened: its row stays highlighted until another is chosen. */
  highlight = $state<string>();
  /** Put this text in the conversation's composer; it is never sent by itself. */
  draft = $state.raw<{ conversation: ConversationKey; text: string } | undefined>();
  /** Open the add-contact form filled in with these. */
  addContact = $state.raw<{ jid: string; name?: string } | undefined>();
  /** Open the join-group-chat dialog filled in with these. */
  joinRoom = $state.raw<{ room: string; password?: string } | undefined>();

  /** Sets the asks a request makes; returns the conversation to open (none for the add-contact form or the join dialog). */
  ask(request: OpenRequest): ConversationRef | undefined {
    if (request.kind === 'join-room') {
      this.joinRoom = { room: request.room, ...(request.password ? { password: request.password } : {}) };
      return undefined;
    }
    if (request.kind === 'add-contact') {
      this.addContact = { jid: request.peer, ...(request.name ? { name: request.name } : {}) };
      return undefined;
    }
    const conversation = conversationKey(request.conversation);
    this.focus = request.at ? { conversation, at: request.at } : undefined;
    if (request.draft) this.draft = { conversation, text: request.draft };
    return request.conversation;
  }

  /** The message to show in the conversation, if one is asked for (then no longer). */
  takeFocus(conversation: ConversationKey): MessageTarget | undefined {
    const focus = this.focus;
    if (focus?.conversation !== conversation) return undefined;
    this.focus = undefined;
    return focus.at;
  }

  takeDraft(conversation: ConversationKey): string | undefined {
    const draft = this.draft;
    if (draft?.conversation !== conversation) return undefined;
    this.draft = undefined;
    return draft.text;
  }

  takeJoinRoom(): { room: string; password?: string } | undefined {
    const request = this.joinRoom;
    this.joinRoom = undefined;
    return request;
  }

  takeAddContact(): { jid: string; name?: string } | undefined {
    const request = this.addContact;
    this.addContact = undefined;
    return request;
  }
}
