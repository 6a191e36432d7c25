import type { CommandError, CommandName, CommandRequest, CommandResponse, GlanceBridge, OwnPresence, Result, SignInErrorCode } from '../../src-shared/contract';
import type { MessageKey } from '../i18n';
import { UNREACHABLE } from './outbox';
import type { ReasonCode } from './reasons';

/** The commands that answer with a Result (all but signIn, whose failures have sentences of their own). */
type ResultCommand = Exclude<{ [K in CommandName]: CommandResponse<K> extends Result<unknown, string> ? K : never }[CommandName], 'signIn'>;
type CommandValue<K extends CommandName> = CommandResponse<K> extends Result<infer T, string> ? T : never;

/** The core commands that components run directly (their results are shown where they were asked for). */
export class CoreCommands {
  constructor(
    private readonly bridge: Pick<GlanceBridge, 'invoke'>,
    private readonly report: (key: MessageKey, error: unknown, code?: ReasonCode) => void,
  ) {}

  signIn(request: { jid: string; password: string; server?: string; remember: boolean }): Promise<Result<void, SignInErrorCode>> {
    return this.bridge.invoke('signIn', request);
  }

  setPresence(show: OwnPresence): void {
    this.bridge.invoke('setPresence', { show }).catch((error: unknown) => this.report('error.bridge', error));
  }

  /** Runs a command that answers with a Result; a thrown bridge error becomes { ok: false }. */
  async run<K extends ResultCommand>(name: K, request: CommandRequest<K>): Promise<Result<CommandValue<K>, CommandError<K> | typeof UNREACHABLE>> {
    try {
      return (await this.bridge.invoke(name, request)) as Result<CommandValue<K>, CommandError<K>>;
    } catch {
      return { ok: false, error: UNREACHABLE };
    }
  }

  /** The network is back, or the person asked: reconnect now instead of after the backoff. */
  checkConnection(): void {
    this.bridge.invoke('checkConnection', {}).catch((error: unknown) => this.report('error.bridge', error));
  }

  openExternal(url: string): void {
    this.bridge.invoke('openExternal', { url }).then(
      (result) => {
        if (!result.ok) this.report('error.openLink', undefined, result.error);
      },
      (error: unknown) => this.report('error.openLink', error),
    );
  }
}
