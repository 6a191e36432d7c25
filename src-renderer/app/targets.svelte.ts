import type { MessageRef, OpenRequest } from '../../src-shared/contract';

/**
 * One-shot asks from an open request (a notification click, an `xmpp:` link) to the components
 * that carry them out: each component takes the one meant for it (which clears it), whether it
 * is on screen already or mounts later.
 */
export class OpenTargets {
  /** Show this message of the conversation (the message list scrolls to it). */
  focus = $state.raw<{ peer: string; at: MessageRef } | undefined>();
  /** Put this text in the conversation's composer; it is never sent by itself. */
  draft = $state.raw<{ peer: string; text: string } | undefined>();
  /** Open the add-contact form filled in with these. */
  addContact = $state.raw<{ jid: string; name?: string } | undefined>();

  /** Sets the asks a request makes; returns the conversation to open (none for the add-contact form). */
  ask(request: OpenRequest): string | undefined {
    if (request.kind === 'add-contact') {
      this.addContact = { jid: request.peer, ...(request.name ? { name: request.name } : {}) };
      return undefined;
    }
    this.focus = request.at ? { peer: request.peer, at: request.at } : undefined;
    if (request.draft) this.draft = { peer: request.peer, text: request.draft };
    return request.peer;
  }

  /** The message to show in `peer`'s conversation, if one is asked for (then no longer). */
  takeFocus(peer: string): MessageRef | undefined {
    const focus = this.focus;
    if (focus?.peer !== peer) return undefined;
    this.focus = undefined;
    return focus.at;
  }

  takeDraft(peer: string): string | undefined {
    const draft = this.draft;
    if (draft?.peer !== peer) return undefined;
    this.draft = undefined;
    return draft.text;
  }

  takeAddContact(): { jid: string; name?: string } | undefined {
    const request = this.addContact;
    this.addContact = undefined;
    return request;
  }
}
