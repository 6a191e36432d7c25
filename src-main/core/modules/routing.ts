import type { Element } from '@xmpp/xml';
import { COMMAND_NAMES } from '../../../src-shared/contract-registry';
import type { Logger } from '../log';
import { isInvitationMessage } from '../protocol/muc-admin-codec';
import type { AnyCoreModule, CommandHandlers, IqHandler, StanzaHandler, StanzaLink } from './module';
import { InboundStanza, stanzaKind, type ArchiveOrigin, type StanzaKind } from './stanza-kind';

type Gate = (stanza: InboundStanza, kind: StanzaKind) => boolean;

/**
 * The routing table: for each kind of stanza, the handlers of the modules that take it, in module
 * order; and the modules' gates, which every stanza must pass before any handler sees it.
 */
export class RoutingTable extends Map<StanzaKind, readonly StanzaHandler[]> {
  constructor(private readonly gates: readonly Gate[]) {
    super();
  }

  admits(stanza: InboundStanza, kind: StanzaKind): boolean {
    for (const admits of this.gates) if (!admits(stanza, kind)) return false;
    return true;
  }
}

export function routingTable(modules: readonly AnyCoreModule[]): RoutingTable {
  const table = new RoutingTable(modules.filter((module) => module.admits).map((module) => module.admits!.bind(module)));
  for (const module of modules) {
    for (const [kind, handler] of Object.entries(module.stanzas ?? {}) as [StanzaKind, StanzaHandler][]) {
      table.set(kind, [...(table.get(kind) ?? []), handler]);
    }
  }
  return table;
}

/** Sends a stanza to the modules that handle its kind; a stanza of no known kind is dropped. */
export function routeStanza(table: RoutingTable, stanza: Element, link: StanzaLink, log: Logger): void {
  const kind = stanzaKind(stanza);
  const handlers = kind && table.get(kind);
  if (!handlers) return;
  const inbound = new InboundStanza(stanza, link.bare);
  if (admitted(table, inbound, kind, log)) dispatch(handlers, inbound, link, log);
}

/** An archive result's message goes to the same handlers as a live one (a room's to the group chat ones), marked as a replay. */
export function routeArchived(table: RoutingTable, message: Element, origin: ArchiveOrigin, link: StanzaLink, log: Logger): void {
  if (!message.is('message') || message.attrs.type === 'error') return;
  // The archive keeps invitations too: they stay invitations (never chat messages) when replayed.
  const kind = message.attrs.type === 'groupchat' ? 'message:groupchat' : isInvitationMessage(message) ? 'message:invitation' : 'message:chat';
  const inbound = new InboundStanza(message, link.bare, origin);
  if (admitted(table, inbound, kind, log)) dispatch(table.get(kind) ?? [], inbound, link, log);
}

/** A gate that throws keeps the stanza out (and the process up). */
function admitted(table: RoutingTable, inbound: InboundStanza, kind: StanzaKind, log: Logger): boolean {
  try {
    return table.admits(inbound, kind);
  } catch (error) {
    log.error('stanza gate failed; stanza dropped', error, inbound.stanza.toString().slice(0, 2000));
    return false;
  }
}

function dispatch(handlers: readonly StanzaHandler[], inbound: InboundStanza, link: StanzaLink, log: Logger): void {
  for (const handler of handlers) {
    // One module's failure on one stanza must not keep the stanza from the others (or end the process).
    try {
      handler(inbound, link);
    } catch (error) {
      log.error('stanza handler failed', error, inbound.stanza.toString().slice(0, 2000));
    }
  }
}

/** The disco features we advertise (caps, disco#info): the union of the modules', each once. */
export function advertisedFeatures(modules: readonly AnyCoreModule[]): string[] {
  return [...new Set(modules.flatMap((module) => module.features ?? []))];
}

export function iqHandlers(modules: readonly AnyCoreModule[]): IqHandler[] {
  return modules.flatMap((module) => module.iqs ?? []);
}

type Served<M> = M extends { readonly commands?: infer T } ? keyof NonNullable<T> & keyof CommandHandlers : never;
/** Commands served by two modules of the list (never, when each is served once). */
type ServedTwice<Ms extends readonly unknown[], Seen = never> = Ms extends readonly [infer Head, ...infer Rest]
  ? (Served<Head> & Seen) | ServedTwice<Rest, Seen | Served<Head>>
  : never;
type Unserved<Ms extends readonly unknown[]> = Exclude<keyof CommandHandlers, Served<Ms[number]>>;

/**
 * The command table: every command of the contract served by exactly one module. A command no
 * module serves, or one served twice, does not compile (the argument's type says which).
 */
export function commandTable<const Ms extends readonly AnyCoreModule[]>(
  modules: Ms &
    ([Unserved<Ms>] extends [never] ? unknown : { 'commands no module serves': Unserved<Ms> }) &
    ([ServedTwice<Ms>] extends [never] ? unknown : { 'commands served twice': ServedTwice<Ms> }),
): CommandHandlers {
  const table: Partial<Record<string, unknown>> = {};
  for (const module of modules as readonly AnyCoreModule[]) {
    for (const [name, handler] of Object.entries(module.commands ?? {})) {
      if (name in table) throw new Error(`command ${name} served twice (${module.name})`);
      table[name] = handler;
    }
  }
  const missing = COMMAND_NAMES.filter((name) => !(name in table));
  if (missing.length > 0) throw new Error(`commands no module serves: ${missing.join(', ')}`);
  return table as CommandHandlers;
}
