import { EventEmitter } from 'node:events';
import type { Events, Snapshot } from '../../src-shared/contract';
import { accountModule } from './modules/account';
import { archiveModule } from './modules/archive';
import { blockingModule } from './modules/blocking';
import { chatModule } from './modules/chat';
import { messageActionsModule } from './modules/message-actions';
import { typingModule } from './modules/typing';
import { createCoreContext, type CoreContext, type CoreDependencies } from './modules/context';
import { displayedModule } from './modules/displayed';
import { fileDownloadModule } from './modules/file-download';
import { fileUploadModule } from './modules/file-upload';
import type { FileCache } from './files/file-cache';
import type { AnyCoreModule, CommandHandlers } from './modules/module';
import { notificationsModule } from './modules/notifications';
import { preferencesModule } from './modules/preferences';
import { profilesModule } from './modules/profiles';
import { presenceModule } from './modules/presence';
import { receiptsMarkersModule } from './modules/receipts-markers';
import { rendererLinkModule } from './modules/renderer-link';
import { rosterModule } from './modules/roster';
import { bookmarksModule } from './modules/bookmarks';
import { roomReadingModule } from './modules/room-reading';
import { roomsModule } from './modules/rooms';
import { roomAdminModule } from './modules/room-admin';
import { advertisedFeatures, commandTable, iqHandlers, routeArchived, routeStanza, routingTable, type RoutingTable } from './modules/routing';
import { sessionSetupModule } from './modules/session-setup';
import { startSession } from './modules/session-start';
import type { Connection } from './session/connection';

export type { CoreDependencies } from './modules/context';
export type { CommandHandlers } from './modules/module';

/**
 * The core's protocol features, in the order that matters: a new session's set-up runs through
 * them in this order (notifications hold first; the blocklist before anything a blocked address could send; roster, carbons, then presence, RFC 6121 §2.2;
 * then MDS; the blocklist, roster and carbons requests go out together, modules/session-start.ts), and modules sharing a stanza kind see it in this order (a message before what it
 * acknowledges). Adding a feature is one module and one line here (docs/architecture.md).
 */
function coreModules(ctx: CoreContext) {
  const rooms = roomsModule(ctx);
  // The chat module serves sendMessage; what is written to a room, the rooms module sends.
  ctx.wiring.sendToRoom = rooms.control.send;
  ctx.wiring.roomWritable = rooms.control.writable;
  return [
    notificationsModule(ctx),
    sessionSetupModule(ctx),
    accountModule(ctx),
    preferencesModule(ctx),
    blockingModule(ctx),
    rosterModule(ctx),
    chatModule(ctx),
    messageActionsModule(ctx),
    typingModule(ctx),
    fileUploadModule(ctx),
    fileDownloadModule(ctx),
    receiptsMarkersModule(ctx),
    presenceModule(ctx),
    profilesModule(ctx),
    displayedModule(ctx),
    // After our initial presence: rooms are entered again, then the bookmarks' autojoin ones.
    rooms,
    roomReadingModule(ctx),
    bookmarksModule(ctx, rooms.control),
    roomAdminModule(ctx, rooms.control),
    archiveModule(ctx),
    rendererLinkModule(ctx),
  ] as const;
}

/** The modules over the shared context, with their routing table and command table, wired together. */
export function composeCore(ctx: CoreContext) {
  const modules = coreModules(ctx);
  const table = routingTable(modules);
  const features = advertisedFeatures(modules);
  const commands = commandTable(modules);
  Object.assign(ctx.wiring, {
    snapshot: (): Snapshot => Object.assign({}, ...modules.map((module) => module.snapshot?.() ?? {})) as Snapshot,
    features: () => features,
    routeArchived: (message, origin, link) => routeArchived(table, message, origin, link, ctx.log),
    signedOut: () => modules.forEach((module) => module.signedOut?.()),
    signOut: (request) => commands.signOut(request),
  } satisfies Omit<CoreContext['wiring'], 'sendToRoom' | 'roomWritable'>);
  return { modules, table, commands };
}

type CoreEvents = { [K in keyof Events]: [Events[K]] };

/**
 * The Electron-free core: one account's session, exposed as the contract's commands (each served
 * by one module, as own properties) and events. This is the composition root: it wires the
 * modules, the connection, the feed and the command table, and decides nothing itself.
 */
// The commands are own properties, assigned from the command table in the constructor.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging -- it only merges the command table's type into the class
export interface GlanceCore extends CommandHandlers {}
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see above
export class GlanceCore extends EventEmitter<CoreEvents> {
  private readonly ctx: CoreContext;
  private readonly modules: readonly AnyCoreModule[];

  constructor(deps: CoreDependencies) {
    super();
    this.ctx = createCoreContext(deps, (name, payload) => (this.emit as (n: string, p: unknown) => boolean)(name, payload));
    const { modules, table, commands } = composeCore(this.ctx);
    this.modules = modules;
    Object.assign(this, commands);
    this.ctx.session.onAttach((connection) => this.attach(connection, table));
  }

  /** Unread messages across unmuted conversations, as the renderer last reported. */
  get unread(): number {
    return this.ctx.state.unreadTotal;
  }

  /** The files fetched for the page, which the shells serve as `/files/<key>`. */
  get files(): FileCache {
    return this.ctx.files;
  }

  /** Messages delivered to a renderer and not yet acknowledged. */
  get unstoredCount(): number {
    return this.ctx.feed.unacknowledgedMessages;
  }

  /** Loads preferences and the remembered account and, when its password was kept, signs in. */
  async start(): Promise<void> {
    for (const module of this.modules) await module.start?.();
  }

  async stop(): Promise<void> {
    await this.ctx.session.connection?.signOut();
  }

  private attach(connection: Connection, table: RoutingTable): void {
    const { feed, log } = this.ctx;
    connection.on('state', () => feed.snapshotChanged());
    connection.on('online', ({ resumed }) => {
      if (resumed) this.modules.forEach((module) => module.sessionResumed?.(connection));
      else void startSession(this.modules, connection, log);
    });
    connection.on('stanza', (stanza) => routeStanza(table, stanza, connection, log));
    for (const iq of iqHandlers(this.modules)) {
      connection.client.iqCallee[iq.type](iq.xmlns, iq.name, (request) => iq.handle(request, connection));
    }
    for (const module of this.modules) module.attach?.(connection);
  }
}
