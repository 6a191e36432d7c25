import { acknowledgementEvents, shouldSendReceipt } from '../acknowledgements';
import { NS } from '../protocol/namespaces';
import { buildReceipt, readAcknowledgements } from '../protocol/receipts-markers-codec';
import type { CoreContext } from './context';
import type { CoreModule } from './module';

/**
 * XEP-0184 receipts and XEP-0333 displayed markers in messages: what they say about our messages
 * (delivered, read) and about our own reading elsewhere (a carbon of our marker), and the receipt
 * we owe. Replays from the archive are applied but never answered. Our own markers go out with
 * MDS (displayed.ts).
 */
export function receiptsMarkersModule(ctx: CoreContext): CoreModule {
  const { feed } = ctx;
  const receiptNotSent = (error: unknown) => ctx.log.warn('receipt not sent', error);
  return {
    name: 'receipts and markers',
    features: [NS.markers, NS.receipts],
    stanzas: {
      'message:chat': (inbound, link) => {
        const envelope = inbound.envelope;
        if (!envelope) return;
        const acknowledgements = readAcknowledgements(envelope.message);
        const { statuses, readPoints } = acknowledgementEvents(envelope, inbound.archived?.timestamp ?? Date.now(), acknowledgements);
        feed.statuses(statuses);
        feed.readPoints(readPoints);
        if (inbound.archived) return;
        const chat = inbound.chat;
        // A correction asks for a receipt as a message does (XEP-0308 §5), by its own id.
        const messageId = chat ? chat.id : inbound.action?.type === 'correction' ? envelope.message.attrs.id || undefined : undefined;
        const policy = ctx.markerPolicy();
        const owed = shouldSendReceipt({
          envelope,
          hasBody: messageId !== undefined,
          messageId,
          sendReadMarkers: policy.sendReadMarkers,
          contactMaySeePresence: policy.contactMaySeePresence(envelope.conversation),
          acknowledgements,
        });
        if (owed) link.send(buildReceipt(envelope.message.attrs.from ?? envelope.conversation.jid, messageId!)).catch(receiptNotSent);
      },
    },
  };
}
