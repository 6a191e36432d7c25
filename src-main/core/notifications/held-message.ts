import type { TrackedMessage } from './tracker';

/**
 * What the tracker keeps of a message it holds (during a catch-up, or while a notification stands
 * for it): the fields a decision, a read point, an amendment or the notification's text reads,
 * not the whole history message (sender, file, reply, …) the feed handed over. A catch-up can
 * hold a whole archive walk, and the history messages it no longer keeps are garbage as soon as
 * the feed has sent them.
 */
export function heldCopy(message: TrackedMessage): TrackedMessage {
  const { conversation, direction, via, timestamp, id, originId, stanzaId, mentionsMe, body } = message;
  return { conversation, direction, via, timestamp, id, originId, stanzaId, mentionsMe, body: detached(body) };
}

/**
 * The same text in a string of its own. Text from the parser is a view into the whole read it
 * came in (V8 slices strings without copying), so a body kept for a notification kept that read,
 * kilobytes for every message held, alive as long as the notification stands.
 */
function detached(text: string): string {
  return (' ' + text).slice(1);
}
