import type { RegistrationError, RegistrationForm, RegistrationTarget, Result } from '../../../src-shared/contract';
import { parseAccountAddress } from '../../../src-shared/jid';
import type { Logger } from '../log';
import { buildRegistration, buildRegistrationFormRequest, parseRegistrationForm, type ServerForm } from '../protocol/register-codec';
import { parseServerInput, type ServerAddress } from '../session/server-address';
import { classifySignInError } from '../session/sign-in-errors';
import { registrationRefusal } from './refusals';
import { RegistrationStream } from './registration-stream';

/** A registration stream left open between showing its form and the submit. */
const FORM_KEPT_MS = 5 * 60_000;

interface Pending {
  key: string;
  stream: RegistrationStream;
  form: ServerForm;
  timer: NodeJS.Timeout;
}

type Opened = { ok: true; value: Pending } | { ok: false; error: RegistrationError };

/**
 * Creating accounts (XEP-0077 §3.1): the form is asked for on a stream that stays open for the
 * submit (a CAPTCHA belongs to the stream that showed it); one at a time, closed after the submit,
 * whatever the answer, or after five minutes.
 */
export class Registrations {
  private pending: Pending | undefined;

  constructor(private readonly log: Logger) {}

  async form(target: RegistrationTarget): Promise<Result<RegistrationForm, RegistrationError>> {
    await this.closePending();
    const opened = await this.open(target);
    if (!opened.ok) return opened;
    this.pending = opened.value;
    return { ok: true, value: opened.value.form.form };
  }

  async register(target: RegistrationTarget, password: string, answers: Readonly<Record<string, string>>): Promise<Result<void, RegistrationError>> {
    const address = parseAccountAddress(target.jid);
    if (!address) return { ok: false, error: 'malformed-address' };
    if (password.length === 0) return { ok: false, error: 'answer-missing' };
    let pending = this.pending?.key === keyOf(target) && this.pending.stream.open ? this.pending : undefined;
    if (pending) this.pending = undefined;
    else await this.closePending();
    if (!pending) {
      const opened = await this.open(target);
      if (!opened.ok) return opened;
      pending = opened.value;
    }
    clearTimeout(pending.timer);
    try {
      const missing = pending.form.form.fields.some((field) => field.required && isQuestion(field.kind) && !answers[field.name]?.trim());
      if (missing) return { ok: false, error: 'answer-missing' };
      await pending.stream.request(buildRegistration(pending.form, address.local, password, answers));
      return { ok: true, value: undefined };
    } catch (error) {
      this.log.info('registration refused', error);
      return { ok: false, error: registrationRefusal(error) };
    } finally {
      await pending.stream.close();
    }
  }

  private async open(target: RegistrationTarget): Promise<Opened> {
    const address = parseAccountAddress(target.jid);
    if (!address) return { ok: false, error: 'malformed-address' };
    let server: ServerAddress | undefined;
    try {
      server = parseServerInput(target.server);
    } catch {
      return { ok: false, error: 'server-unreachable' };
    }
    let stream: RegistrationStream;
    try {
      stream = await RegistrationStream.open(address.domain, server, this.log);
    } catch (error) {
      return { ok: false, error: reachFailure(error) };
    }
    if (!stream.offered) {
      await stream.close();
      return { ok: false, error: 'registration-closed' };
    }
    try {
      const form = parseRegistrationForm(await stream.request(buildRegistrationFormRequest()));
      if (!form) throw Object.assign(new Error('no registration form in the answer'), { condition: 'bad-request' });
      const timer = setTimeout(() => void this.closePending(), FORM_KEPT_MS);
      timer.unref?.();
      return { ok: true, value: { key: keyOf(target), stream, form, timer } };
    } catch (error) {
      await stream.close();
      this.log.info('registration form refused', error);
      return { ok: false, error: registrationRefusal(error) };
    }
  }

  private async closePending(): Promise<void> {
    const pending = this.pending;
    this.pending = undefined;
    if (!pending) return;
    clearTimeout(pending.timer);
    await pending.stream.close();
  }
}

const isQuestion = (kind: string) => kind === 'text' || kind === 'private';

function keyOf(target: RegistrationTarget): string {
  const address = parseAccountAddress(target.jid);
  return `${address?.domain ?? ''} ${target.server?.trim() ?? ''}`;
}

/** A stream that never reached the server's form: as at sign-in. */
function reachFailure(error: unknown): RegistrationError {
  const { code } = classifySignInError(error);
  if (code === 'unreachable') return 'server-unreachable';
  if (code === 'tls-rejected' || code === 'tls-unavailable' || code === 'timeout') return code;
  return 'failed';
}
