import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect } from 'vitest';
import { chatWith, conversationKey } from '../../src-shared/conversation';
import { declareSchema, SCHEMA_VERSION } from '../../src-renderer/history/schema';
import { ALICE, everyMessage, historyTest as it, ME, wire } from '../support/fixtures/history';

const photo = (text = 'png bytes') => ({ name: 'photo.png', size: text.length, mediaType: 'image/png', bytes: new Blob([text]) });

describe('schema version 7: files', () => {
  it('opens a version 5 database with its rows, and adds the store for the bytes of outgoing files', async ({ open }) => {
    const factory = new IDBFactory();
    const v5 = new Dexie('files-v5', { indexedDB: factory, IDBKeyRange });
    declareSchema(v5, 5, ME);
    await v5.open();
    const chat = conversationKey(chatWith(ALICE));
    await v5.table('messages').add({
      key: 's:S1',
      conversation: chat,
      direction: 'in',
      from: `${ALICE}/phone`,
      sender: { jid: ALICE },
      senderKey: ALICE,
      stanzaId: 'S1',
      stanzaIdBy: ME,
      stanzaKey: `${ME} S1`,
      body: 'kept',
      timestamp: 100,
      order: 1,
      read: true,
    });
    await v5.table('conversationRows').add({ conversation: chat, lastTimestamp: 100, lastPreview: 'kept', lastDirection: 'in', unread: 0 });
    v5.close();

    const history = await open(factory, 'files-v5');
    expect((await everyMessage(history, ALICE)).map((m) => [m.body, m.file])).toEqual([['kept', undefined]]);
    history.close();
    const raw = new Dexie('files-v5', { indexedDB: factory, IDBKeyRange });
    await raw.open();
    expect(raw.verno).toBe(SCHEMA_VERSION);
    expect(raw.table('attachments').schema.primKey.name).toBe('key');
    expect(await raw.table('attachments').count()).toBe(0);
    raw.close();
  });

  it('keeps an outgoing file pending with its bytes, also after reopening, until the server has its message', async ({ open }) => {
    const factory = new IDBFactory();
    const history = await open(factory);
    const row = await history.addOutgoingFile({ conversation: chatWith(ALICE), from: `${ME}/desktop`, id: 'file-0001', file: photo() });
    expect(row).toMatchObject({ status: 'pending', body: 'photo.png', file: { name: 'photo.png', size: 9, mediaType: 'image/png' } });
    expect((await history.pendingOutgoing()).map((m) => m.key)).toEqual([row.key]);
    history.close();

    const reopened = await open(factory);
    expect(await (await reopened.attachment(row.key))?.text()).toBe('png bytes');
    await reopened.fileUploaded(row.key, 'https://upload.example.org/a/photo.png');
    expect((await reopened.message(row.key))?.file?.url).toBe('https://upload.example.org/a/photo.png');
    // Uploaded but not yet acknowledged: a lost session sends it again, so the bytes stay.
    await reopened.pruneAttachments();
    expect(await reopened.attachment(row.key)).toBeDefined();
    await reopened.setStatus(row.key, 'sent');
    await reopened.pruneAttachments();
    expect(await reopened.attachment(row.key)).toBeUndefined();
    expect((await reopened.conversations())[0]).toMatchObject({ lastPreview: 'photo.png', lastDirection: 'out' });
  });
});

describe('files arriving from the wire', () => {
  it('stores a received file with its message, and our own file message coming back completes our row once', async ({ open }) => {
    const history = await open();
    const url = 'https://upload.example.org/x/dot.png';
    await history.storeWireMessages([wire({ id: 'in-1', body: url, file: { url, name: 'dot.png' } })]);
    const row = await history.addOutgoingFile({ conversation: chatWith(ALICE), from: `${ME}/desktop`, id: 'file-0002', file: photo() });
    const ours = 'https://upload.example.org/y/photo.png';
    await history.storeWireMessages([
      wire({
        direction: 'out',
        from: `${ME}/phone`,
        sender: { jid: ME },
        id: 'file-0002',
        originId: 'file-0002',
        body: ours,
        file: { url: ours, name: 'photo.png' },
        via: 'carbon',
        timestamp: 2_000,
      }),
    ]);
    const messages = await everyMessage(history, ALICE);
    expect(messages.map((m) => [m.direction, m.file])).toEqual([
      ['in', { url, name: 'dot.png' }],
      ['out', { name: 'photo.png', size: 9, mediaType: 'image/png', url: ours }],
    ]);
    expect(messages[1]?.key).toBe(row.key);
  });
});
