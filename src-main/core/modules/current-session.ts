import type { Result } from '../../../src-shared/contract';
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

  /** Runs a command's work on the online connection; `offline` without one, the error's condition on failure. */
  async whileOnline(work: (connection: Connection) => Promise<void>): Promise<Result> {
    const connection = this.onlineConnection;
    if (!connection) return { ok: false, error: 'offline' };
    try {
      await work(connection);
      return { ok: true, value: undefined };
    } catch (error) {
      this.log.warn('command failed', error);
      return { ok: false, error: failureCondition(error) };
    }
  }
}

/** What a failed request reports to the renderer: the XMPP condition when there is one. */
export function failureCondition(error: unknown): string {
  return (error as { condition?: string }).condition ?? (error as Error).message ?? 'failed';
}
