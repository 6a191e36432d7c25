import type { FileSendError, FileSendRequest, Result, UploadServiceInfo } from '../../../src-shared/contract';
import { chatWith, roomAt } from '../../../src-shared/conversation';
import { putFile, PutError } from '../files/http-put';
import { fileSendRefusal, uploadMediaType, uploadName } from '../files/file-request';
import { transferUrlAllowed } from '../files/transfer-url';
import {
  buildDiscoInfo,
  buildDiscoItems,
  buildFileMessage,
  buildSlotRequest,
  parseDiscoItems,
  parseSlot,
  parseUploadService,
  slotRefusal,
  type UploadService,
} from '../protocol/file-share-codec';
import { serverFailure } from '../server-failure';
import { IqError } from '../session/iq-requests';
import type { Connection } from '../session/connection';
import type { CoreContext } from './context';
import type { CoreModule } from './module';

/**
 * Sharing files (XEP-0363 HTTP File Upload): finds the server's upload service and its limit
 * when a session starts, and serves `sendFile`: slot, PUT with progress (`upload` ephemeral
 * events), then the message whose body is the URL (XEP-0066). `cancelUpload` aborts a PUT; its
 * message is then never sent. docs/protocol.md, "Files".
 */
export function fileUploadModule(ctx: CoreContext): CoreModule<'sendFile' | 'cancelUpload'> {
  const { feed, session, notifier, log } = ctx;
  let service: UploadService | null = null;
  /** The discovery of the session (by number) it was made in: a new session finds the service again. */
  let discovery: { session: number; done: Promise<void> } | undefined;
  const running = new Map<string, { abort: AbortController; done: Promise<Result<{ url: string }, FileSendError>> }>();
  /** URLs of the files sent in XMPP session `sentIn`, by message id (a resumption keeps them). */
  let sentThisSession = new Map<string, string>();
  let sentIn = 0;

  async function discover(connection: Connection): Promise<void> {
    const domain = connection.bare.split('@')[1]!;
    const items = parseDiscoItems(await connection.request(buildDiscoItems(domain)));
    const found = await Promise.all(
      items.map((jid) =>
        connection.request(buildDiscoInfo(jid)).then(
          (info) => parseUploadService(jid, info),
          () => undefined,
        ),
      ),
    );
    service = found.find((s) => s !== undefined) ?? null;
    feed.snapshotChanged();
  }

  function discovered(connection: Connection): Promise<void> {
    const state = connection.connectionState;
    const sessionNow = state.status === 'online' ? state.session : 0;
    if (discovery?.session !== sessionNow) {
      service = null;
      discovery = { session: sessionNow, done: discover(connection).catch((error) => log.warn('no upload service found', error)) };
    }
    return discovery.done;
  }

  async function upload(connection: Connection, request: FileSendRequest, abort: AbortController): Promise<Result<{ url: string }, FileSendError>> {
    await discovered(connection);
    if (!service) return { ok: false, error: 'no-upload-service' };
    // Nothing is uploaded for a room we are not in (yet): the file stays queued.
    if (request.conversation.kind === 'room' && (await ctx.wiring.roomWritable(request.conversation.jid))) return { ok: false, error: 'offline' };
    const size = request.bytes.byteLength;
    if (service.maxBytes !== null && size > service.maxBytes) return { ok: false, error: 'too-large' };
    const mediaType = uploadMediaType(request.mediaType);
    let slotResult;
    try {
      slotResult = await connection.request(buildSlotRequest(service.jid, { name: uploadName(request.name), size, mediaType }));
    } catch (error) {
      if (!(error instanceof IqError)) return { ok: false, error: serverFailure(error) };
      const refusal = slotRefusal(error.condition, error.element);
      if (refusal.kind === 'too-large') return { ok: false, error: 'too-large' };
      if (refusal.kind === 'quota') return { ok: false, error: 'quota' };
      return { ok: false, error: serverFailure(error) };
    }
    const slot = parseSlot(slotResult);
    if (!slot) return { ok: false, error: 'failed' };
    if (!transferUrlAllowed(slot.putUrl) || !transferUrlAllowed(slot.getUrl)) return { ok: false, error: 'insecure-url' };
    const progress = (sent: number) => feed.ephemeral({ kind: 'upload', id: request.id, sent, total: size });
    progress(0);
    try {
      await putFile({ url: slot.putUrl, bytes: request.bytes, contentType: mediaType, headers: slot.headers, signal: abort.signal, onProgress: progress });
    } catch (error) {
      const reason = error instanceof PutError ? error.reason : 'network';
      log.warn(`upload ${request.id} did not complete`, error);
      if (reason === 'aborted') return { ok: false, error: 'cancelled' };
      if (reason === 'refused-url') return { ok: false, error: 'insecure-url' };
      // A broken connection keeps the file queued: the renderer's outbox tries again later.
      if (reason === 'network') return { ok: false, error: 'offline' };
      return { ok: false, error: 'upload-failed' };
    }
    if (abort.signal.aborted) return { ok: false, error: 'cancelled' };
    // To a room: `groupchat`, and *sent* once the room reflects it, like a text (rooms module).
    const inRoom = request.conversation.kind === 'room';
    const conversation = inRoom ? roomAt(request.conversation.jid) : chatWith(request.conversation.jid);
    if (inRoom) {
      const closed = await ctx.wiring.roomWritable(conversation.jid);
      if (closed) return { ok: false, error: 'offline' };
    }
    try {
      await connection.send(buildFileMessage(conversation.jid, slot.getUrl, request.id, inRoom ? 'groupchat' : 'chat'));
    } catch (error) {
      return { ok: false, error: serverFailure(error) };
    }
    sentThisSession.set(request.id, slot.getUrl);
    notifier.ownMessage(conversation, Date.now());
    if (!inRoom && !connection.client.streamManagement.enabled) feed.statuses([{ conversation, id: request.id, status: 'sent', at: Date.now() }]);
    return { ok: true, value: { url: slot.getUrl } };
  }

  return {
    name: 'file upload',
    snapshot: () => ({ upload: service ? ({ maxBytes: service.maxBytes } satisfies UploadServiceInfo) : null }),
    sessionStarted(connection) {
      // Not awaited: the rest of the set-up need not wait for it; sendFile does.
      void discovered(connection);
    },
    signedOut() {
      service = null;
      discovery = undefined;
      for (const { abort } of running.values()) abort.abort();
    },
    commands: {
      async sendFile(request) {
        const refused = fileSendRefusal(request, session.connection?.connectionState);
        if (refused) return { ok: false, error: refused };
        const connection = session.onlineConnection;
        if (!connection) return { ok: false, error: 'offline' };
        const state = connection.connectionState;
        const sessionNow = state.status === 'online' ? state.session : 0;
        if (sessionNow !== sentIn) [sentThisSession, sentIn] = [new Map(), sessionNow];
        const sentUrl = sentThisSession.get(request.id);
        if (sentUrl) return { ok: true, value: { url: sentUrl } };
        const already = running.get(request.id);
        if (already) return already.done;
        const abort = new AbortController();
        const done = upload(connection, request, abort).finally(() => running.delete(request.id));
        running.set(request.id, { abort, done });
        return done;
      },
      async cancelUpload({ id }) {
        running.get(id)?.abort.abort();
      },
    },
  };
}
