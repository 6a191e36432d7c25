import { sameAuthor } from '../../src-shared/authorship';
import type { MessageActionBase, MessageActionEvent } from '../../src-shared/contract';
import { senderKey } from './keys';
import type { MessageRow } from './schema';
import type { MessageEdit } from './types';

/**
 * How a correction, retraction or reaction changes the row it names, as pure functions over the
 * row. Each is idempotent and commutes with the others, so every arrival order of a message and
 * its actions ends in the same row (test/unit/message-actions-history.test.ts):
 * - corrections are kept as versions ordered by time, the newest is the text;
 * - a retraction wins over everything: the text, its versions and the reactions are dropped, and
 *   a correction or reaction after it changes nothing;
 * - each sender's newest reaction set wins.
 */

/** `refused`: the sender may not do this to the row (only its author corrects or retracts it). */
export type AmendResult = 'changed' | 'unchanged' | 'refused';

export function actionOf(event: MessageActionEvent): MessageActionBase {
  if (event.kind === 'correction') return event.correction;
  if (event.kind === 'retraction') return event.retraction;
  return event.reaction;
}

/** Whether the row is what an action needs it to be: a correction or retraction only from its author. */
export function mayAmend(row: MessageRow, event: MessageActionEvent): boolean {
  const action = actionOf(event);
  if (event.kind === 'reaction') return true;
  return sameAuthor(action.conversation, row.sender, action.sender);
}

export function amendRow(row: MessageRow, event: MessageActionEvent): AmendResult {
  if (!mayAmend(row, event)) return 'refused';
  if (row.retracted) return 'unchanged';
  if (event.kind === 'retraction') return retract(row);
  if (event.kind === 'correction') return correct(row, event.correction.body, actionOf(event));
  return react(row, event.reaction.emojis, actionOf(event));
}

function actionKey(action: MessageActionBase): string {
  return action.id ?? action.stanzaId ?? `t${action.timestamp}`;
}

function byTime(a: MessageEdit, b: MessageEdit): number {
  // The original ('' key) stays first even when a correction carries the same second.
  return a.at - b.at || (a.key === '' ? -1 : b.key === '' ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

function correct(row: MessageRow, body: string, action: MessageActionBase): AmendResult {
  const key = actionKey(action);
  const edits = row.edits ?? [{ body: row.body, at: row.timestamp, key: '' }];
  if (edits.some((edit) => edit.key === key)) return 'unchanged';
  row.edits = [...edits, { body, at: action.timestamp, key }].sort(byTime);
  row.body = row.edits.at(-1)!.body;
  if (action.id) row.amendIds = [...(row.amendIds ?? []), action.id].sort();
  return 'changed';
}

function retract(row: MessageRow): AmendResult {
  row.retracted = true;
  row.body = '';
  delete row.edits;
  delete row.reactions;
  if (row.direction === 'in') {
    row.read = true;
    delete row.unreadConversation;
  }
  return 'changed';
}

function react(row: MessageRow, emojis: readonly string[], action: MessageActionBase): AmendResult {
  const key = senderKey(action.sender, action.from, action.conversation);
  const id = actionKey(action);
  const entries = row.reactions ?? [];
  const current = entries.find((entry) => entry.senderKey === key);
  if (current && (current.at > action.timestamp || (current.at === action.timestamp && current.id >= id))) return 'unchanged';
  const others = entries.filter((entry) => entry.senderKey !== key);
  // An empty set stays as an entry: an older set arriving after it must still lose.
  const next = [...others, { sender: action.sender, senderKey: key, emojis: [...emojis], at: action.timestamp, id }];
  row.reactions = next.sort((a, b) => (a.senderKey < b.senderKey ? -1 : a.senderKey > b.senderKey ? 1 : 0));
  return 'changed';
}
