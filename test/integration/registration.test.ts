import { describe, expect } from 'vitest';
import { integrationTest as it } from '../support/fixtures/integration';
import { connectPeer } from '../support/peer';
import type { TestServer } from '../support/prosody';

// XEP-0077 against real Prosody servers: one that lets anyone register, one that offers no
// registration, one that throttles, one that wants an invitation. Each refusal has its own code.

const at = (server: TestServer) => `127.0.0.1:${server.port}`;
const GOOD_PASSWORD = 'correct horse';

describe('creating an account', () => {
  it('asks for the form, registers, and the new account signs in', async ({ registrationServer, newCore }) => {
    const { core } = newCore();
    const target = { jid: 'newcomer@localhost', server: at(registrationServer) };
    const form = await core.registrationForm(target);
    expect(form).toMatchObject({ ok: true });
    // Prosody's data form asks for nothing beyond the address and the password.
    if (form.ok) expect(form.value.fields.filter((f) => f.kind !== 'hidden')).toEqual([]);
    expect(await core.register({ ...target, password: GOOD_PASSWORD, answers: {} })).toEqual({ ok: true, value: undefined });
    const peer = await connectPeer(registrationServer, 'newcomer@localhost', GOOD_PASSWORD);
    await peer.stop();
  });

  it('registers without asking for the form first', async ({ registrationServer, newCore }) => {
    const { core } = newCore();
    expect(await core.register({ jid: 'direct@localhost', server: at(registrationServer), password: GOOD_PASSWORD, answers: {} })).toEqual({
      ok: true,
      value: undefined,
    });
  });

  it('tells a taken address apart', async ({ registrationServer, newCore }) => {
    await registrationServer.register('taken', 'whatever1');
    const { core } = newCore();
    expect(await core.register({ jid: 'taken@localhost', server: at(registrationServer), password: GOOD_PASSWORD, answers: {} })).toEqual({
      ok: false,
      error: 'address-taken',
    });
  });

  it('tells a refused password apart', async ({ registrationServer, newCore }) => {
    const { core } = newCore();
    expect(await core.register({ jid: 'shortpw@localhost', server: at(registrationServer), password: 'short', answers: {} })).toEqual({
      ok: false,
      error: 'password-refused',
    });
  });

  it('tells a server that offers no registration apart', async ({ server, newCore }) => {
    const { core } = newCore();
    expect(await core.registrationForm({ jid: 'nobody@localhost', server: at(server) })).toEqual({ ok: false, error: 'registration-closed' });
    expect(await core.register({ jid: 'nobody@localhost', server: at(server), password: GOOD_PASSWORD, answers: {} })).toEqual({
      ok: false,
      error: 'registration-closed',
    });
  });

  it('tells registration by invitation only apart', async ({ inviteOnlyServer, newCore }) => {
    const { core } = newCore();
    expect(await core.register({ jid: 'uninvited@localhost', server: at(inviteOnlyServer), password: GOOD_PASSWORD, answers: {} })).toEqual({
      ok: false,
      error: 'invitation-only',
    });
  });

  it('tells too many attempts apart (mod_register_limits)', async ({ throttledServer, newCore }) => {
    const { core } = newCore();
    const target = { server: at(throttledServer), password: GOOD_PASSWORD, answers: {} };
    expect(await core.register({ ...target, jid: 'first@localhost' })).toEqual({ ok: true, value: undefined });
    expect(await core.register({ ...target, jid: 'second@localhost' })).toEqual({ ok: false, error: 'too-many-attempts' });
  });

  it('tells an unreachable server apart', async ({ newCore }) => {
    const { core } = newCore();
    expect(await core.registrationForm({ jid: 'x@localhost', server: '127.0.0.1:1' })).toEqual({ ok: false, error: 'server-unreachable' });
  });
});

describe('the signed-in account', () => {
  it('changes its password: the old one no longer signs in, the new one does', async ({ registrationServer, newCore }) => {
    await registrationServer.register('changer', 'first password');
    const c = newCore();
    const { core } = c;
    await core.signIn({ jid: 'changer@localhost', password: 'first password', server: at(registrationServer), remember: false });
    expect(await core.changePassword({ current: 'not it', password: 'second password' })).toEqual({ ok: false, error: 'wrong-password' });
    expect(await core.changePassword({ current: 'first password', password: 'short' })).toEqual({ ok: false, error: 'password-refused' });
    expect(await core.changePassword({ current: 'first password', password: 'second password' })).toEqual({ ok: true, value: undefined });
    await core.stop();
    await expect(connectPeer(registrationServer, 'changer@localhost', 'first password')).rejects.toThrow();
    const peer = await connectPeer(registrationServer, 'changer@localhost', 'second password');
    await peer.stop();
  });

  it('deletes itself after the address is typed to confirm, is signed out, and cannot sign in again', async ({ registrationServer, newCore }) => {
    await registrationServer.register('leaver', 'leaving soon');
    const c = newCore();
    const { core } = c;
    await core.signIn({ jid: 'leaver@localhost', password: 'leaving soon', server: at(registrationServer), remember: true });
    expect(await core.deleteAccount({ confirm: 'someone@localhost' })).toEqual({ ok: false, error: 'confirmation-mismatch' });
    expect(await core.deleteAccount({ confirm: ' Leaver@localhost ' })).toEqual({ ok: true, value: undefined });
    // The stream's close can show 'signed-out' before the account is forgotten: wait for both.
    await c.waitForSnapshot((s) => s.connection.status === 'signed-out' && s.savedAccount === undefined);
    await expect(connectPeer(registrationServer, 'leaver@localhost', 'leaving soon')).rejects.toThrow();
  });
});
