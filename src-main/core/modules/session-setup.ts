import type { ConnectionState, Result, SavedAccount, SignInErrorCode } from '../../../src-shared/contract';
import { parseAccountAddress } from '../../../src-shared/jid';
import { buildDiscoInfo } from '../protocol/caps-codec';
import { NS } from '../protocol/namespaces';
import { Connection } from '../session/connection';
import { parseServerInput } from '../session/server-address';
import { SignInFailure } from '../session/sign-in-errors';
import type { CoreContext } from './context';
import type { CoreModule } from './module';

type SignInRequest = { jid: string; password: string; server?: string; remember: boolean };

/**
 * Session set-up: signing in and out, the remembered account, and what any XMPP client answers
 * about itself (XEP-0030 disco#info for XEP-0115 caps lookups, XEP-0199 ping).
 */
export function sessionSetupModule(ctx: CoreContext): CoreModule<'signIn' | 'signOut' | 'checkConnection'> {
  const { deps, session, feed } = ctx;
  let savedAccount: SavedAccount | undefined;
  let signedOutState: ConnectionState = { status: 'signed-out' };

  const failSignIn = (code: 'malformed-address' | 'wrong-password' | 'unreachable', detail: string): Result<void, SignInErrorCode> => {
    signedOutState = { status: 'failed', error: { code, detail } };
    feed.snapshotChanged();
    return { ok: false, error: code };
  };

  const signIn = async (request: SignInRequest): Promise<Result<void, SignInErrorCode>> => {
    const address = typeof request?.jid === 'string' ? parseAccountAddress(request.jid) : undefined;
    if (!address) return failSignIn('malformed-address', 'Not an address of the form name@example.org');
    if (typeof request.password !== 'string' || request.password.length === 0) return failSignIn('wrong-password', 'No password given');
    let server;
    try {
      server = parseServerInput(request.server);
    } catch (error) {
      return failSignIn('unreachable', (error as Error).message);
    }
    await session.connection?.signOut();
    ctx.roster.reset();
    const connection = new Connection({ ...address, password: request.password, server }, deps.log);
    session.use(connection);
    try {
      await connection.signIn();
    } catch (error) {
      session.release(connection);
      if (error instanceof SignInFailure) {
        signedOutState = { status: 'failed', error: error.signInError };
        feed.snapshotChanged();
        return { ok: false, error: error.signInError.code };
      }
      throw error;
    }
    const keepPassword = request.remember && deps.accounts.canKeepPasswords();
    const serverInput = request.server?.trim() || undefined;
    await deps.accounts.save({ jid: connection.bare, server: serverInput, password: keepPassword ? request.password : undefined });
    savedAccount = { jid: connection.bare, server: serverInput, hasPassword: keepPassword };
    feed.snapshotChanged();
    return { ok: true, value: undefined };
  };

  return {
    name: 'session set-up',
    features: [NS.caps, NS.discoInfo, NS.ping],
    iqs: [{ type: 'get', xmlns: NS.discoInfo, name: 'query', handle: ({ element }) => buildDiscoInfo(element.attrs.node, ctx.wiring.features()) }],
    async start() {
      const stored = await deps.accounts.load();
      if (!stored) return;
      savedAccount = { jid: stored.jid, server: stored.server, hasPassword: Boolean(stored.password) };
      feed.snapshotChanged();
      if (stored.password) {
        await signIn({ jid: stored.jid, password: stored.password, server: stored.server, remember: true }).catch((error) =>
          deps.log.warn('automatic sign-in failed', error),
        );
      }
    },
    snapshot: () => ({
      connection: session.connection?.connectionState ?? signedOutState,
      account: session.connection?.bare ?? savedAccount?.jid,
      savedAccount,
    }),
    commands: {
      signIn,
      async signOut(request) {
        const connection = session.connection;
        session.release();
        await connection?.signOut();
        ctx.wiring.signedOut();
        signedOutState = { status: 'signed-out' };
        if (request?.forget) {
          await deps.accounts.clear();
          // A forgotten account leaves nothing behind, its contacts included.
          if (savedAccount) await ctx.rosterCache.forget(savedAccount.jid).catch((error) => deps.log.warn('roster cache not removed', error));
          savedAccount = undefined;
        } else if (savedAccount) {
          await deps.accounts.save({ jid: savedAccount.jid, server: savedAccount.server });
          savedAccount = { ...savedAccount, hasPassword: false };
        }
        feed.snapshotChanged();
      },
      async checkConnection() {
        session.connection?.checkNow();
      },
    },
  };
}
