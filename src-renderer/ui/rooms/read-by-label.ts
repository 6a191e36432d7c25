import type { MessageKey } from '../../i18n';

/**
 * The words of a read-by control: "Read by N" while the member count is unknown, "Read by N of M",
 * and "Read by N · everyone" once every member but us has read (test/unit/read-by.test.ts).
 */
export function readByLabel(count: number, members: number | undefined): { key: MessageKey; params: Record<string, number> } {
  if (members === undefined) return { key: 'readBy.count', params: { count } };
  if (members > 0 && count >= members) return { key: 'readBy.everyone', params: { count } };
  return { key: 'readBy.countOf', params: { count, members } };
}
