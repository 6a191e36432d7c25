import type { Result, ServerFailure } from '../../../src-shared/contract';
import { serverFailure } from '../server-failure';
import type { Logger } from '../log';
import type { Connection } from '../session/connection';

/** The account's connection of the moment (none while signed out), shared by the modules. */
export class CurrentSession {
  private current: Connection | undefined;
  private readonly attachers: ((connection: Connection) => void)[] = [];

  constructor(private readonly log: Logger) {}

  get connection(): Connection | undefined {
    return this.current;
  }

  get online(): boolean {
    return this.current?.connectionState.status === 'online';
  }

  /** The connection when it is online, else undefined. */
  get onlineConnection(): Connection | undefined {
    return this.online ? this.current : undefined;
  }

  onAttach(attacher: (connection: Connection) => void): void {
    this.attachers.push(attacher);
  }

  /** Makes `connection` the current one and lets everyone hook on it, before it signs in. */
  use(connection: Connection): void {
    this.current = connection;
    for (const attach of this.attachers) attach(connection);
  }

  /** Forgets the current connection (or only `connection`, if it is still the current one). */
  release(connection?: Connection): void {
    if (connection === undefined || this.current === connection) this.current = undefined;
  }

  /** Runs a command's work on the online connection; `offline` without one, the failure's code (server-failure.ts) otherwise. */
  async whileOnline(work: (connection: Connection) => Promise<void>): Promise<Result<void, ServerFailure>> {
    const connection = this.onlineConnection;
    if (!connection) return { ok: false, error: 'offline' };
    try {
      await work(connection);
      return { ok: true, value: undefined };
    } catch (error) {
      this.log.warn('command failed', error);
      return { ok: false, error: serverFailure(error) };
    }
  }
}
