import { XMLError } from '@xmpp/xml';

/**
 * The RFC 6120 §4.9.3 stream error a broken inbound stream deserves. @xmpp/connection answers
 * every parser error with `bad-format` (which §4.9.3.1 allows in place of these); the condition is
 * kept for the log and the tests.
 */
export type XmlStreamCondition = 'not-well-formed' | 'restricted-xml' | 'policy-violation';

/** An XMLError (what @xmpp/xml's parser reports) that says which rule the input broke. */
export class XmlStreamError extends XMLError {
  constructor(
    readonly condition: XmlStreamCondition,
    message: string,
  ) {
    super(message);
  }
}

export function notWellFormed(message: string): XmlStreamError {
  return new XmlStreamError('not-well-formed', message);
}
