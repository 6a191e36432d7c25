import type { ReadPoint, StatusUpdate } from '../../src-shared/contract';
import type { Envelope } from './protocol/message-codec';
import { readAcknowledgements, type Acknowledgements } from './protocol/receipts-markers-codec';

/**
 * What a message says about messages already exchanged (pure):
 * - from the other party (live, or a carbon of what our other device received): a receipt makes our
 *   message *delivered*, a displayed marker makes it and every earlier one *read*;
 * - from one of our own devices (a sent carbon): its displayed marker is where we read up to.
 */
export function acknowledgementEvents(
  envelope: Envelope,
  now: number,
  acks: Acknowledgements = readAcknowledgements(envelope.message),
): { statuses: StatusUpdate[]; readPoints: ReadPoint[] } {
  const statuses: StatusUpdate[] = [];
  const readPoints: ReadPoint[] = [];
  if (envelope.sentByUs) {
    if (acks.displayedId) readPoints.push({ conversation: envelope.conversation, messageId: acks.displayedId, source: 'carbon-marker' });
  } else {
    if (acks.receivedId) statuses.push({ conversation: envelope.conversation, id: acks.receivedId, status: 'delivered', at: now });
    if (acks.displayedId) statuses.push({ conversation: envelope.conversation, id: acks.displayedId, status: 'read', at: now });
  }
  return { statuses, readPoints };
}

/**
 * XEP-0184 §5.4 and the design rules: answer a receipt request only on first live delivery (not a
 * carbon, not an archive replay), only in a chat (never in a room), only for someone allowed to
 * see our presence, and only when the person lets Glance tell others what it received.
 */
export function shouldSendReceipt(input: {
  envelope: Envelope;
  hasBody: boolean;
  messageId: string | undefined;
  sendReadMarkers: boolean;
  contactMaySeePresence: boolean;
  /** The message's, when already read. */
  acknowledgements?: Acknowledgements;
}): boolean {
  const { envelope } = input;
  return (
    envelope.via === 'live' &&
    envelope.conversation.kind === 'chat' &&
    !envelope.sentByUs &&
    input.hasBody &&
    input.messageId !== undefined &&
    input.sendReadMarkers &&
    input.contactMaySeePresence &&
    (input.acknowledgements ?? readAcknowledgements(envelope.message)).receiptRequested
  );
}
