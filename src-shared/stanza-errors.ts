/**
 * The defined conditions of a stanza error (RFC 6120 §8.3.3). The server names one of these when
 * it refuses a request; a name outside this list (a server bug, or a hostile one) is taken as
 * `undefined-condition`, so only these ever reach the page.
 */
export const STANZA_ERROR_CONDITIONS = [
  'bad-request',
  'conflict',
  'feature-not-implemented',
  'forbidden',
  'gone',
  'internal-server-error',
  'item-not-found',
  'jid-malformed',
  'not-acceptable',
  'not-allowed',
  'not-authorized',
  'policy-violation',
  'recipient-unavailable',
  'redirect',
  'registration-required',
  'remote-server-not-found',
  'remote-server-timeout',
  'resource-constraint',
  'service-unavailable',
  'subscription-required',
  'undefined-condition',
  'unexpected-request',
] as const;

export type StanzaErrorCondition = (typeof STANZA_ERROR_CONDITIONS)[number];

export function isStanzaErrorCondition(value: unknown): value is StanzaErrorCondition {
  return (STANZA_ERROR_CONDITIONS as readonly unknown[]).includes(value);
}
