import type { AvatarError, AvatarPicture, ContactProfile, ProfileError, Result } from '../../../src-shared/contract';
import { bareJid, isPeerJid } from '../../../src-shared/jid';
import { fetchPepItems } from '../pep-items';
import { checkAvatar, ownAvatarType, sha1Hex } from '../profiles/avatar-bytes';
import { ProfileRegistry } from '../profiles/profile-registry';
import {
  buildAvatarDataFetch,
  buildAvatarDataPublish,
  buildAvatarMetadataPublish,
  buildAvatarRemoval,
  buildNickPublish,
  buildOwnItemsFetch,
  isAvatarHash,
  NS_AVATAR_METADATA,
  NS_NICK,
  parseMetadataItems,
  parseNickItems,
  parseProfileEvent,
  readAvatarData,
} from '../protocol/avatar-codec';
import { buildCapsElement } from '../protocol/caps-codec';
import { buildOwnPresence } from '../protocol/presence-codec';
import { buildPresencePhoto, buildVcardFetch, buildVcardPhotoSet, readPresencePhoto, readVcardPhoto } from '../protocol/vcard-codec';
import { serverFailure } from '../server-failure';
import { IqError } from '../session/iq-requests';
import type { Connection } from '../session/connection';
import type { CoreContext } from './context';
import type { CoreModule } from './module';

const NICK_LENGTH = 64;

/**
 * Avatars and nicknames (docs/protocol.md, "Avatars and nicknames"): contacts' XEP-0084 avatars
 * and XEP-0172 nicknames arrive as PEP notifications (`+notify` in our caps), with XEP-0153
 * vCard-temp hashes in presence as the fallback; the snapshot names each by hash and the page
 * fetches the bytes once per hash (`fetchAvatar`), caching them itself. Ours are published here.
 * Guarded by test/unit/profiles.test.ts and test/e2e/avatars.test.ts.
 */
export function profilesModule(ctx: CoreContext): CoreModule<'fetchAvatar' | 'setAvatar' | 'removeAvatar' | 'setNickname'> {
  const { session, feed, log, state } = ctx;
  const contacts = new ProfileRegistry();
  let own: ContactProfile = {};

  const setOwn = (change: ContactProfile) => {
    own = { ...own, ...change };
    for (const key of ['avatar', 'nickname'] as const) if (own[key] === undefined) delete own[key];
    feed.snapshotChanged();
  };

  /** XEP-0153 §4.1: every presence of ours says our photo; after a change it goes out again. */
  const announcePhoto = async (connection: Connection, hash: string | null) => {
    state.ownPhoto = hash;
    await connection.send(buildOwnPresence(state.ownPresence, undefined, buildCapsElement(ctx.wiring.features()), buildPresencePhoto(hash)));
  };

  const fetchOwn = async (connection: Connection) => {
    const [metadata, nick] = await Promise.all([
      fetchPepItems(connection, buildOwnItemsFetch(NS_AVATAR_METADATA)),
      fetchPepItems(connection, buildOwnItemsFetch(NS_NICK)),
    ]);
    const avatar = parseMetadataItems(metadata);
    setOwn({ avatar: avatar ?? undefined, nickname: parseNickItems(nick) ?? undefined });
    if (avatar !== null && state.ownPhoto !== avatar) await announcePhoto(connection, avatar);
    else state.ownPhoto = avatar;
  };

  const publishVcardPhoto = async (connection: Connection, photo: { type: string; base64: string } | null) => {
    const current = await connection.request(buildVcardFetch()).catch((error) => {
      if (error instanceof IqError && error.condition === 'item-not-found') return undefined;
      throw error;
    });
    await connection.request(buildVcardPhotoSet(current, photo));
  };

  return {
    name: 'profiles',
    features: [`${NS_AVATAR_METADATA}+notify`, `${NS_NICK}+notify`],
    stanzas: {
      'message:pubsub-event': ({ stanza }, link) => {
        const from = stanza.attrs.from ? bareJid(stanza.attrs.from) : link.bare;
        // Only our own account and our contacts: a stranger's forged notification would otherwise
        // make the page ask their server for a picture (telling it we looked).
        if (!isPeerJid(from) || (from !== link.bare && !ctx.roster.get(from))) return;
        const event = parseProfileEvent(stanza, from);
        if (!event) return;
        if (from === link.bare) {
          setOwn('avatar' in event ? { avatar: event.avatar ?? undefined } : { nickname: event.nickname ?? undefined });
          return;
        }
        const changed = 'avatar' in event ? contacts.setAvatar(from, event.avatar, 'pep') : contacts.setNickname(from, event.nickname);
        if (changed) feed.snapshotChanged();
      },
      presence: ({ stanza }, link) => {
        if (stanza.attrs.type || !stanza.attrs.from) return;
        const from = bareJid(stanza.attrs.from);
        if (from === link.bare || !ctx.roster.get(from)) return;
        const photo = readPresencePhoto(stanza);
        if (photo !== undefined && contacts.setAvatar(from, photo, 'vcard')) feed.snapshotChanged();
      },
    },
    // Not awaited: sign-in does not wait for our own profile.
    sessionStarted(connection) {
      void fetchOwn(connection).catch((error) => log.warn('own profile not fetched', error));
    },
    signedOut() {
      contacts.clear();
      own = {};
      state.ownPhoto = undefined;
    },
    snapshot: () => ({ profiles: contacts.profiles(), ownProfile: own }),
    commands: {
      async fetchAvatar(request): Promise<Result<AvatarPicture, AvatarError>> {
        const jid = typeof request?.jid === 'string' ? request.jid.trim().toLowerCase() : '';
        const hash = request?.hash;
        if (!isPeerJid(jid) || !isAvatarHash(hash)) return { ok: false, error: 'not-found' };
        const connection = session.onlineConnection;
        if (!connection) return { ok: false, error: 'offline' };
        const ownAccount = jid === connection.bare;
        const source = ownAccount ? 'pep' : (contacts.sourceOf(jid, hash) ?? 'pep');
        try {
          const base64 =
            source === 'pep'
              ? readAvatarData(await connection.request(buildAvatarDataFetch(jid, hash)), hash)
              : readVcardPhoto(await connection.request(buildVcardFetch(jid)));
          if (!base64) return { ok: false, error: 'not-found' };
          return checkAvatar(hash, base64);
        } catch (error) {
          if (error instanceof IqError && error.condition === 'item-not-found') return { ok: false, error: 'not-found' };
          log.warn('avatar not fetched', error);
          return { ok: false, error: serverFailure(error) };
        }
      },
      async setAvatar(request): Promise<Result<{ hash: string }, ProfileError>> {
        const { bytes, width, height } = request;
        const type = ownAvatarType(bytes, width, height);
        if (type === 'too-large' || type === 'not-a-picture') return { ok: false, error: type };
        const hash = sha1Hex(bytes);
        const base64 = Buffer.from(bytes).toString('base64');
        const result = await session.whileOnline(async (connection) => {
          // The vCard first: servers that mirror a vCard PHOTO into the XEP-0084 nodes (Prosody's
          // vcard_legacy) would otherwise overwrite our metadata with theirs, which lacks the size.
          await publishVcardPhoto(connection, { type, base64 }).catch((error) => log.warn('vCard photo not set', error));
          // XEP-0084 §4.1–4.2: the data before the metadata, so a contact notified of it finds the data.
          await connection.request(buildAvatarDataPublish(hash, base64));
          await connection.request(buildAvatarMetadataPublish({ hash, bytes: bytes.length, type, width, height }));
          setOwn({ avatar: hash });
          await announcePhoto(connection, hash);
        });
        return result.ok ? { ok: true, value: { hash } } : result;
      },
      async removeAvatar(): Promise<Result<void, ProfileError>> {
        return session.whileOnline(async (connection) => {
          await publishVcardPhoto(connection, null).catch((error) => log.warn('vCard photo not removed', error));
          await connection.request(buildAvatarRemoval());
          setOwn({ avatar: undefined });
          await announcePhoto(connection, null);
        });
      },
      async setNickname(request): Promise<Result<void, ProfileError>> {
        const nickname = typeof request?.nickname === 'string' ? request.nickname.trim().slice(0, NICK_LENGTH) : '';
        return session.whileOnline(async (connection) => {
          await connection.request(buildNickPublish(nickname));
          setOwn({ nickname: nickname || undefined });
        });
      },
    },
  };
}
