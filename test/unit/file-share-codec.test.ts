import { readFileSync } from 'node:fs';
import path from 'node:path';
import parse from '@xmpp/xml/lib/parse.js';
import { describe, expect, it } from 'vitest';
import {
  buildFileMessage,
  buildSlotRequest,
  parseDiscoItems,
  parseSlot,
  parseUploadService,
  readSharedFile,
  slotRefusal,
} from '../../src-main/core/protocol/file-share-codec';

// Example stanzas of XEP-0363 (§2–4), XEP-0066 (§3) and XEP-0447 (§3), as the XEPs give them.
const fixture = (name: string) => readFileSync(path.join(__dirname, '../fixtures/stanzas', name), 'utf8').trim();
const stanza = (name: string) => parse(fixture(name));

describe('XEP-0363 upload codec', () => {
  it('lists the items of our server, then finds the upload service and its limit in its form', () => {
    expect(parseDiscoItems(stanza('upload-disco-items.xml'))).toEqual(['upload.montague.tld', 'conference.montague.tld']);
    expect(parseUploadService('upload.montague.tld', stanza('upload-disco-info.xml'))).toEqual({ jid: 'upload.montague.tld', maxBytes: 5242880 });
  });

  it('does not take a service without the upload feature; a service without a limit has none', () => {
    const noFeature = parse(`<iq type='result'><query xmlns='http://jabber.org/protocol/disco#info'><feature var='urn:xmpp:ping'/></query></iq>`);
    const noForm = parse(`<iq type='result'><query xmlns='http://jabber.org/protocol/disco#info'><feature var='urn:xmpp:http:upload:0'/></query></iq>`);
    expect(parseUploadService('conference.montague.tld', noFeature)).toBeUndefined();
    expect(parseUploadService('upload.montague.tld', noForm)).toEqual({ jid: 'upload.montague.tld', maxBytes: null });
  });

  it('asks for a slot with the name, size and type', () => {
    expect(buildSlotRequest('upload.montague.tld', { name: 'très cool.jpg', size: 23456, mediaType: 'image/jpeg' }).toString()).toBe(
      `<iq type="get" to="upload.montague.tld"><request xmlns="urn:xmpp:http:upload:0" filename="très cool.jpg" size="23456" content-type="image/jpeg"/></iq>`,
    );
  });

  it('reads a slot, keeping only the headers a slot may set', () => {
    expect(parseSlot(stanza('upload-slot.xml'))).toEqual({
      putUrl: 'https://upload.montague.tld/4a771ac1-f0b2-4a4a-9700-f2a26fa2bb67/tr%C3%A8s%20cool.jpg',
      getUrl: 'https://download.montague.tld/4a771ac1-f0b2-4a4a-9700-f2a26fa2bb67/tr%C3%A8s%20cool.jpg',
      headers: { Authorization: 'Basic Base64String==', Cookie: 'foo=bar; user=romeo' },
    });
  });

  it('strips line breaks from header values, so a slot cannot add headers of its own', () => {
    const slot = parse(
      `<iq type='result'><slot xmlns='urn:xmpp:http:upload:0'><put url='https://u/x'><header name='authorization'>a&#13;&#10;X-Evil: 1</header></put><get url='https://u/x'/></slot></iq>`,
    );
    expect(parseSlot(slot)?.headers).toEqual({ Authorization: 'aX-Evil: 1' });
  });

  it('reads a refusal: too large with the limit, over quota, anything else by condition', () => {
    const tooLarge = stanza('upload-too-large.xml');
    expect(slotRefusal('not-acceptable', tooLarge.getChild('error'))).toEqual({ kind: 'too-large', maxBytes: 20000 });
    expect(slotRefusal('resource-constraint', undefined)).toEqual({ kind: 'quota' });
    expect(slotRefusal('forbidden', undefined)).toEqual({ kind: 'other', condition: 'forbidden' });
  });

  it('sends the file as a message whose body is the URL and whose OOB URL repeats it', () => {
    expect(buildFileMessage('romeo@montague.lit', 'https://upload.capulet.lit/a/b.png', 'f-1').toString()).toBe(fixture('file-out.xml'));
  });
});

describe('shared files in messages (XEP-0066, XEP-0447)', () => {
  it('a body equal to its OOB URL is a file, named by the URL', () => {
    expect(readSharedFile(stanza('oob-message.xml'))).toEqual({ url: 'https://xmpp.org/images/psa-license.jpg', name: 'psa-license.jpg' });
    expect(readSharedFile(stanza('file-out.xml'))).toEqual({ url: 'https://upload.capulet.lit/a/b.png', name: 'b.png' });
  });

  it('a body that differs from the OOB URL, or a link without OOB, is text', () => {
    const differs = parse(`<message><body>look: https://a.example/x.png</body><x xmlns='jabber:x:oob'><url>https://a.example/x.png</url></x></message>`);
    const bare = parse(`<message><body>https://a.example/x.png</body></message>`);
    expect(readSharedFile(differs)).toBeUndefined();
    expect(readSharedFile(bare)).toBeUndefined();
  });

  it('only http and https URLs are files', () => {
    const js = parse(`<message><body>javascript:alert(1)</body><x xmlns='jabber:x:oob'><url>javascript:alert(1)</url></x></message>`);
    const file = parse(`<message><body>file:///etc/passwd</body><x xmlns='jabber:x:oob'><url>file:///etc/passwd</url></x></message>`);
    expect(readSharedFile(js)).toBeUndefined();
    expect(readSharedFile(file)).toBeUndefined();
  });

  it('XEP-0447 file sharing with a URL source is a file with its metadata', () => {
    expect(readSharedFile(stanza('sfs-message.xml'))).toEqual({
      url: 'https://download.montague.lit/4a771ac1-f0b2-4a4a-9700-f2a26fa2bb67/summit.jpg',
      name: 'summit.jpg',
      size: 3032449,
      mediaType: 'image/jpeg',
    });
  });
});

describe('a shared file reaches history with its message', () => {
  it('a chat message whose body is its OOB URL carries the file; one without OOB does not', async () => {
    const { parseChatMessage } = await import('../../src-main/core/protocol/message-codec');
    const parsed = parseChatMessage(stanza('oob-message.xml'), 'maineboy@jabber.org');
    expect(parsed).toMatchObject({
      body: 'https://xmpp.org/images/psa-license.jpg',
      file: { url: 'https://xmpp.org/images/psa-license.jpg', name: 'psa-license.jpg' },
    });
    expect(parseChatMessage(parse(`<message from='a@b.c/d' type='chat'><body>hello</body></message>`), 'maineboy@jabber.org')?.file).toBeUndefined();
  });

  it('a XEP-0447 message without a body gets its URL as the body', async () => {
    const { parseChatMessage } = await import('../../src-main/core/protocol/message-codec');
    expect(parseChatMessage(stanza('sfs-message.xml'), 'romeo@example.org')).toMatchObject({
      body: 'https://download.montague.lit/4a771ac1-f0b2-4a4a-9700-f2a26fa2bb67/summit.jpg',
      file: { name: 'summit.jpg', size: 3032449, mediaType: 'image/jpeg' },
    });
  });
});
