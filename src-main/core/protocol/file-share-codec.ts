import xml, { type Element } from '@xmpp/xml';
import type { SharedFile } from '../../../src-shared/contract';
import { NS } from './namespaces';
import { firstChildren, type ChildName } from '../xml/first-children';

/** What an upload service (XEP-0363) announces in its disco#info. */
export interface UploadService {
  jid: string;
  /** `max-file-size` of its form, in bytes; null when it names none. */
  maxBytes: number | null;
}

/** A slot (XEP-0363 §4): where to PUT, with which headers, and where the file is fetched from afterwards. */
export interface UploadSlot {
  putUrl: string;
  getUrl: string;
  /** Only the headers XEP-0363 §5 allows a slot to set: Authorization, Cookie, Expires. */
  headers: Record<string, string>;
}

/** Why a slot request was refused: too large (with the service's limit), over quota, or another condition. */
export type SlotRefusal = { kind: 'too-large'; maxBytes?: number } | { kind: 'quota' } | { kind: 'other'; condition: string };

export function buildDiscoItems(to: string): Element {
  return xml('iq', { type: 'get', to }, xml('query', { xmlns: NS.discoItems }));
}

export function buildDiscoInfo(to: string): Element {
  return xml('iq', { type: 'get', to }, xml('query', { xmlns: NS.discoInfo }));
}

/** The JIDs a disco#items result lists. */
export function parseDiscoItems(result: Element): string[] {
  const query = result.getChild('query', NS.discoItems);
  return (query?.getChildren('item') ?? []).map((item) => item.attrs.jid).filter((jid): jid is string => typeof jid === 'string' && jid !== '');
}

/** The upload service a disco#info result describes, or undefined when `jid` offers no XEP-0363. */
export function parseUploadService(jid: string, result: Element): UploadService | undefined {
  const query = result.getChild('query', NS.discoInfo);
  if (!query?.getChildren('feature').some((feature) => feature.attrs.var === NS.httpUpload)) return undefined;
  // The limit is in the form whose FORM_TYPE is the upload namespace (XEP-0363 §3, XEP-0128).
  const form = query.getChildren('x', NS.dataForms).find((x) => fieldValue(x, 'FORM_TYPE') === NS.httpUpload);
  const max = form ? Number(fieldValue(form, 'max-file-size')) : NaN;
  return { jid, maxBytes: Number.isSafeInteger(max) && max > 0 ? max : null };
}

function fieldValue(form: Element, name: string): string | undefined {
  const field = form.getChildren('field').find((f) => f.attrs.var === name);
  return field?.getChildText('value') ?? undefined;
}

export function buildSlotRequest(service: string, file: { name: string; size: number; mediaType: string }): Element {
  return xml(
    'iq',
    { type: 'get', to: service },
    xml('request', { xmlns: NS.httpUpload, filename: file.name, size: String(file.size), 'content-type': file.mediaType }),
  );
}

const SLOT_HEADERS = new Map([
  ['authorization', 'Authorization'],
  ['cookie', 'Cookie'],
  ['expires', 'Expires'],
]);

/** The slot of a result; undefined when it lacks a PUT or GET URL. Other headers are dropped (XEP-0363 §5). */
export function parseSlot(result: Element): UploadSlot | undefined {
  const slot = result.getChild('slot', NS.httpUpload);
  const put = slot?.getChild('put');
  const getUrl = slot?.getChild('get')?.attrs.url;
  if (!put?.attrs.url || !getUrl) return undefined;
  const headers: Record<string, string> = {};
  for (const header of put.getChildren('header')) {
    const name = SLOT_HEADERS.get(String(header.attrs.name ?? '').toLowerCase());
    // A line break in a value would let the slot write headers of its own choosing.
    const value = header.text().replace(/[\r\n]/g, '');
    if (name) headers[name] = value;
  }
  return { putUrl: put.attrs.url, getUrl, headers };
}

/** What the `<error/>` of a refused slot request means (XEP-0363 §4.1). */
export function slotRefusal(condition: string, error: Element | undefined): SlotRefusal {
  const tooLarge = error?.getChild('file-too-large', NS.httpUpload);
  if (tooLarge) {
    const max = Number(tooLarge.getChildText('max-file-size'));
    return Number.isSafeInteger(max) && max > 0 ? { kind: 'too-large', maxBytes: max } : { kind: 'too-large' };
  }
  if (condition === 'resource-constraint') return { kind: 'quota' };
  return { kind: 'other', condition };
}

/**
 * The message that shares an uploaded file the way other clients show it: the body is the GET
 * URL and XEP-0066 `<x xmlns='jabber:x:oob'><url/>` repeats it (Conversations and Dino show a
 * file only when the two are equal), with the same receipts and markers as a text message.
 */
export function buildFileMessage(to: string, url: string, id: string, type: 'chat' | 'groupchat' = 'chat'): Element {
  return xml(
    'message',
    { type, to, id },
    xml('body', {}, url),
    xml('x', { xmlns: NS.oob }, xml('url', {}, url)),
    xml('origin-id', { xmlns: NS.sid, id }),
    type === 'chat' ? xml('request', { xmlns: NS.receipts }) : undefined,
    xml('markable', { xmlns: NS.markers }),
  );
}

/**
 * The file a message shares: XEP-0066 when its body equals its OOB URL, or XEP-0447 when its
 * `<file-sharing/>` names a URL source (with the name, size and type of its metadata). Anything
 * else is text, links included. Only http and https URLs count.
 */
export function readSharedFile(message: Element): SharedFile | undefined {
  const [sharing, oob] = firstChildren(message, SHARED_FILE_CHILDREN);
  return sharedFile(sharing, message.getChildText('body') ?? undefined, oob);
}

/** The children a shared file is read from (with the body), for a one-pass `firstChildren`. */
export const SHARED_FILE_CHILDREN: readonly ChildName[] = [
  ['file-sharing', NS.sfs],
  ['x', NS.oob],
];

/** The same, from the message's first `SHARED_FILE_CHILDREN` and its body's text. */
export function sharedFile(sharing: Element | undefined, body: string | undefined, oobElement: Element | undefined): SharedFile | undefined {
  if (sharing) {
    const source = sharing
      .getChild('sources')
      ?.getChildren('url-data', NS.urlData)
      .map((data) => data.attrs.target)
      .find(isWebUrl);
    if (source) return { url: source, ...fileMetadata(sharing.getChild('file', NS.fileMetadata)) };
  }
  const oob = oobElement?.getChildText('url')?.trim();
  if (oob && body?.trim() === oob && isWebUrl(oob)) return { url: oob, ...nameFromUrl(oob) };
  return undefined;
}

function fileMetadata(file: Element | undefined): Omit<SharedFile, 'url'> {
  if (!file) return {};
  const size = Number(file.getChildText('size'));
  const name = file.getChildText('name')?.trim();
  const mediaType = file.getChildText('media-type')?.trim();
  return {
    ...(name ? { name } : {}),
    ...(Number.isSafeInteger(size) && size >= 0 ? { size } : {}),
    ...(mediaType ? { mediaType } : {}),
  };
}

/** The last path segment, decoded: what the uploader named the file. */
function nameFromUrl(url: string): { name?: string } {
  try {
    const segment = new URL(url).pathname.split('/').filter(Boolean).pop();
    const name = segment ? decodeURIComponent(segment) : '';
    return name ? { name } : {};
  } catch {
    return {};
  }
}

function isWebUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const { protocol } = new URL(value);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}
