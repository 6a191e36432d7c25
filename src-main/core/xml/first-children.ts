import type { Element } from '@xmpp/xml';
import { namespaceOf } from './child-name';

/** A child element as a codec looks for it: local name and namespace (any namespace when undefined). */
export type ChildName = readonly [name: string, xmlns: string | undefined];

/**
 * For each wanted name and namespace, the child `getChild(name, xmlns)` would find (the first
 * such element, text skipped), in one pass over the children: a codec that asks a message for
 * several children reads each child's name and namespace once, not once per question
 * (test/unit/xml-parser.test.ts compares it with `getChild`).
 */
export function firstChildren(element: Element, wanted: readonly ChildName[]): (Element | undefined)[] {
  const count = wanted.length;
  // Exactly `count` long (pushing onto [] would allocate room for 17).
  const found = wanted.map(nothing);
  let missing = count;
  for (const child of element.children) {
    // Text is a string; ltx's getChild also skips any child without a name.
    if (typeof child !== 'object' || child.getName === undefined) continue;
    const prefixed = child.name.indexOf(':') !== -1;
    const name = prefixed ? child.getName() : child.name;
    let xmlns: string | undefined | null = null;
    for (let i = 0; i < count; i++) {
      const question = wanted[i]!;
      if (found[i] !== undefined || question[0] !== name) continue;
      const wantedNS = question[1];
      if (wantedNS) {
        if (xmlns === null) xmlns = prefixed ? child.getNS() : namespaceOf(child);
        if (xmlns !== wantedNS) continue;
      }
      found[i] = child;
      if (--missing === 0) return found;
    }
  }
  return found;
}

const nothing = (): Element | undefined => undefined;
