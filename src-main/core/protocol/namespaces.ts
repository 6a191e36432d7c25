export const NS = {
  client: 'jabber:client',
  roster: 'jabber:iq:roster',
  carbons: 'urn:xmpp:carbons:2',
  forward: 'urn:xmpp:forward:0',
  sid: 'urn:xmpp:sid:0',
  delay: 'urn:xmpp:delay',
  hints: 'urn:xmpp:hints',
  markers: 'urn:xmpp:chat-markers:0',
  receipts: 'urn:xmpp:receipts',
  chatStates: 'http://jabber.org/protocol/chatstates',
  mam: 'urn:xmpp:mam:2',
} as const;
