/**
 * What the core asks the shell (or, in the preview, the page) to show. These types are meant for
 * the contract (src-shared/contract.ts) once notifications cross the bridge to the preview page.
 */

/** A message the renderer can find in history: by stanza-id, else by the sender's id, else by time. */
export interface MessageRef {
  stanzaId?: string;
  /** origin-id, else message@id (the sender is the conversation's peer). */
  clientId?: string;
  timestamp: number;
}

export interface NotificationIntent {
  /** Bare JID of the conversation; at most one notification per peer is showing. */
  peer: string;
  title: string;
  body: string;
  /** Unread messages this notification stands for. */
  count: number;
  /** Where clicking opens the conversation: the oldest message this notification covers. */
  at?: MessageRef;
  /** A re-presentation (fewer unread after reading elsewhere) that must not sound again. */
  silent: boolean;
}

/** Show (replacing the peer's previous notification) or close the peer's notification. */
export type NotificationEffect = { kind: 'show'; intent: NotificationIntent } | { kind: 'close'; peer: string };
