/**
 * Version 6: files. A message row may carry a `file` (what it shares: name, size, type, and its
 * URL once uploaded or when received), and a new store, `attachments`, keeps the bytes of each
 * outgoing file as a Blob, by its message's key, until the upload is done (the outbox sends them
 * after a restart too). No existing row changes: a version 5 row is a version 6 row without a file.
 */
export const STORES_V6 = {
  attachments: 'key',
};
