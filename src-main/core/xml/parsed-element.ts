import { Element } from '@xmpp/xml';
import { isChildNamed } from './child-name';

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
      if (isChildNamed(child, name, xmlns)) return child;
    }
    return undefined;
  }

  override getChildText(name: string, xmlns?: string): string | null {
    const child = this.getChild(name, xmlns);
    return child ? child.getText() : null;
  }
}

/**
 * A ParsedElement with the attributes the parser read, made as ltx's constructor makes one (the
 * same fields, in the same order) without it: that constructor starts every element with an
 * empty `attrs` object, only for the parser to replace it.
 */
export function parsedElement(name: string, attrs: Record<string, string>): ParsedElement {
  const element = Object.create(ParsedElement.prototype) as ParsedElement;
  element.name = name;
  element.parent = null;
  element.children = [];
  element.attrs = attrs;
  return element;
}
