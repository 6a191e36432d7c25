import type { Element } from '@xmpp/xml';

/** A child element as a codec looks for it: local name and namespace. */
export type ChildName = readonly [name: string, xmlns: string];

/**
 * For each wanted name and namespace, the child `getChild(name, xmlns)` would find (the first
 * such element, text skipped), in one pass over the children: a codec that asks a message for
 * several children reads each child's name once, not once per question
 * (test/unit/xml-parser.test.ts compares it with `getChild`).
 */
export function firstChildren(element: Element, wanted: readonly ChildName[]): (Element | undefined)[] {
  const found: (Element | undefined)[] = wanted.map(() => undefined);
  let missing = wanted.length;
  for (const child of element.children) {
    // Text is a string; ltx's getChild also skips any child without a name.
    if (typeof child !== 'object' || child.getName === undefined) continue;
    const name = child.getName();
    for (let i = 0; i < wanted.length; i++) {
      if (found[i] !== undefined || wanted[i]![0] !== name || child.getNS() !== wanted[i]![1]) continue;
      found[i] = child;
      if (--missing === 0) return found;
    }
  }
  return found;
}
