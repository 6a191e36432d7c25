import { Element } from '@xmpp/xml';

/**
 * The ltx Element the stream parser builds: the same element, with child lookups that answer
 * exactly as ltx's do but without what they cost on every stanza. ltx's `getChild` collects every
 * matching child into a new array to return the first, and each codec asks a message for several
 * children; these stop at the first match and allocate nothing (test/unit/xml-parser.test.ts
 * compares them with ltx's on the same elements).
 */
export class ParsedElement extends Element {
  override getChild(name: string, xmlns?: string): Element | undefined {
    for (const child of this.children) {
      if (isNamed(child, name, xmlns)) return child;
    }
    return undefined;
  }

  override getChildText(name: string, xmlns?: string): string | null {
    const child = this.getChild(name, xmlns);
    return child ? child.getText() : null;
  }
}

/** ltx's test for a child: an element (text has no `getName`) of that local name, and of that namespace if one is given. */
function isNamed(child: Element | string, name: string, xmlns: string | undefined): child is Element {
  return typeof child === 'object' && child.getName !== undefined && child.getName() === name && (!xmlns || child.getNS() === xmlns);
}
