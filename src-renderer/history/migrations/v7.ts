/**
 * Version 7: files. A message row may carry a `file` (what it shares: name, size, type, and its
 * URL once uploaded or when received), and a new store, `attachments`, keeps the bytes of each
 * outgoing file as a Blob, by its message's key, until the upload is done (the outbox sends them
 * after a restart too). No existing row changes: a version 6 row is a version 7 row without a file.
 */
export const STORES_V7 = {
  attachments: 'key',
};
