import type { Element } from '@xmpp/xml';

/**
 * ltx's test for a child in `getChild(name, xmlns)`: an element (text has no `getName`) of that
 * local name, and of that namespace when one is given. Codecs ask it of every child of every
 * message many times over, so an unprefixed child that declares its own `xmlns` (nearly every
 * child on the wire) is answered from its name and that attribute, without ltx's prefix split and
 * namespace walk up the tree; any other child gets ltx's own answer (test/unit/xml-parser.test.ts
 * compares the two on prefixed, inherited and foreign namespaces).
 */
export function isChildNamed(child: Element | string, name: string, xmlns: string | undefined): child is Element {
  if (typeof child !== 'object' || child.getName === undefined) return false;
  const own = child.name;
  if (own === name && own.indexOf(':') === -1) return !xmlns || namespaceOf(child) === xmlns;
  // Only a prefixed name (`x:body`, at least two characters longer) has a local name other than itself.
  if (own.length < name.length + 2 || own.indexOf(':') === -1) return false;
  return child.getName() === name && (!xmlns || child.getNS() === xmlns);
}

/** ltx's `getNS()` of an unprefixed element: its own `xmlns`, else the one it inherits. */
export function namespaceOf(element: Element): string | undefined {
  return element.attrs.xmlns || element.getNS();
}
