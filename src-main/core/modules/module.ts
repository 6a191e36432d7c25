import type { Element } from '@xmpp/xml';
import type { Commands, Snapshot } from '../../../src-shared/contract';
import type { Connection } from '../session/connection';
import type { InboundStanza, StanzaKind } from './stanza-kind';

/** The contract's commands as the core serves them: each answers asynchronously. */
export type CommandHandlers = { [K in keyof Commands]: (...request: Parameters<Commands[K]>) => Promise<ReturnType<Commands[K]>> };

/** What a handler needs of the session a stanza came in on: who we are, and a way to answer. */
export interface StanzaLink {
  readonly bare: string;
  send(element: Element): Promise<void>;
}

export type StanzaHandler = (stanza: InboundStanza, link: StanzaLink) => void;

/** An IQ this client answers (XEP-0030 disco#info, RFC 6121 roster pushes), by type, namespace and child. */
export interface IqHandler {
  type: 'get' | 'set';
  xmlns: string;
  name: string;
  /** The result's payload, or `true` for an empty result; throwing answers with an error. */
  handle(iq: { stanza: Element; element: Element }, connection: Connection): Element | true;
}

/**
 * One protocol feature of the core (in the spirit of xmpp.js's packages): what it advertises, the
 * stanzas it handles, what it does when a session starts or resumes, and the commands it serves.
 * The core (glance-core.ts) is the list of them; docs/architecture.md, "Adding a protocol feature".
 */
export interface CoreModule<C extends keyof CommandHandlers = never> {
  readonly name: string;
  /** Disco features (XEP-0030) it adds to our caps and disco#info (test/unit/modules.test.ts). */
  readonly features?: readonly string[];
  /** The stanzas it handles, by kind (stanza-kind.ts); several modules may share a kind, called in module order. */
  readonly stanzas?: Partial<Record<StanzaKind, StanzaHandler>>;
  readonly iqs?: readonly IqHandler[];
  /**
   * Whether a stanza may reach any module's handler at all (XEP-0191: nothing from a blocked
   * address, live or replayed by the archive); every module's gate must admit it.
   */
  admits?(stanza: InboundStanza, kind: StanzaKind): boolean;
  /** The contract commands it serves; each command is served by exactly one module (routing.ts). */
  readonly commands?: Pick<CommandHandlers, C>;
  /** Its part of the snapshot. */
  snapshot?(): Partial<Snapshot>;
  /** Once, when the core starts (stored preferences, the remembered account). */
  start?(): Promise<void>;
  /** A connection was made (sign-in): hooks on the connection itself. */
  attach?(connection: Connection): void;
  /**
   * A new session was bound: requests that depend on nothing else and let no stanza in (the
   * blocklist, the roster, enabling carbons). Every module's go out at once, so they cost one
   * round trip together; the module's `sessionStarted` runs, in its turn, once its own is done.
   */
  sessionFetch?(connection: Connection): Promise<void>;
  /** A new session was bound (not a resumed one). Modules run in list order, each awaited. */
  sessionStarted?(connection: Connection): Promise<void> | void;
  /** XEP-0198 resumed the session: nothing was lost, most modules have nothing to do. */
  sessionResumed?(connection: Connection): void;
  /** Signed out: forget what belonged to the account's session. */
  signedOut?(): void;
}

/** Any module, whatever commands it serves. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the commands a module serves vary; routing.ts checks them as a whole
export type AnyCoreModule = CoreModule<any>;
