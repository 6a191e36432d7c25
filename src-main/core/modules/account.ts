import type { DeleteAccountError, PasswordChangeError, RegistrationError, RegistrationForm, RegistrationTarget, Result } from '../../../src-shared/contract';
import { parseAccountAddress } from '../../../src-shared/jid';
import { buildAccountRemoval, buildPasswordChange } from '../protocol/register-codec';
import { passwordChangeRefusal } from '../registration/refusals';
import { Registrations } from '../registration/registrations';
import type { CoreContext } from './context';
import type { CoreModule } from './module';

/**
 * The account itself (XEP-0077): creating one before signing in, and, signed in, changing its
 * password and deleting it. Guarded by test/integration/registration.test.ts and
 * test/e2e/accounts.test.ts.
 */
export function accountModule(ctx: CoreContext): CoreModule<'registrationForm' | 'register' | 'changePassword' | 'deleteAccount'> {
  const { deps, session } = ctx;
  const registrations = new Registrations(deps.log);

  return {
    name: 'account',
    commands: {
      async registrationForm(request: RegistrationTarget): Promise<Result<RegistrationForm, RegistrationError>> {
        return registrations.form(request);
      },
      async register(request): Promise<Result<void, RegistrationError>> {
        return registrations.register(request, request.password, request.answers);
      },
      async changePassword(request): Promise<Result<void, PasswordChangeError>> {
        const connection = session.onlineConnection;
        if (!connection) return { ok: false, error: 'offline' };
        if (!connection.hasPassword(request.current)) return { ok: false, error: 'wrong-password' };
        if (request.password.length === 0) return { ok: false, error: 'password-refused' };
        try {
          await connection.request(buildPasswordChange(connection.username, request.password));
        } catch (error) {
          deps.log.warn('password not changed', error);
          return { ok: false, error: passwordChangeRefusal(error) };
        }
        connection.passwordChanged(request.password);
        // A password kept for silent sign-in is the old one now: keep the new one instead.
        const stored = await deps.accounts.load();
        if (stored?.password !== undefined && stored.jid === connection.bare) await deps.accounts.save({ ...stored, password: request.password });
        return { ok: true, value: undefined };
      },
      async deleteAccount(request): Promise<Result<void, DeleteAccountError>> {
        const connection = session.onlineConnection;
        if (!connection) return { ok: false, error: 'offline' };
        const typed = parseAccountAddress(request.confirm);
        if (!typed || `${typed.local}@${typed.domain}` !== connection.bare) return { ok: false, error: 'confirmation-mismatch' };
        const removed = await session.whileOnline((online) => online.request(buildAccountRemoval()).then(() => undefined));
        if (!removed.ok) return removed;
        // The server closes the stream after its answer; nothing of the account is kept here either.
        await ctx.wiring.signOut({ forget: true });
        return { ok: true, value: undefined };
      },
    },
  };
}
