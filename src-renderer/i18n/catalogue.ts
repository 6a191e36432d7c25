import { zhCN } from './zh-cn';

/**
 * The one message catalogue. English is the source of truth; every other table is typed against
 * its keys, so a missing translation is a type error. Keys ending in ".one"/".other" (and the
 * other CLDR plural categories) are plural forms, chosen by `t(base, { count })`.
 */
export const en = {
  'app.name': 'Glance',
  'app.loading': 'Starting Glance…',

  'signIn.heading': 'Sign in to Glance',
  'signIn.intro': 'Use your XMPP address and password.',
  'signIn.address': 'Address',
  'signIn.addressPlaceholder': 'name@example.org',
  'signIn.password': 'Password',
  'signIn.server': 'Server (optional)',
  'signIn.serverPlaceholder': 'host:port',
  'signIn.remember': 'Remember me',
  'signIn.submit': 'Sign in',
  'signIn.submitting': 'Signing in…',
  'signIn.passwordMissing': 'Enter your password.',
  'signIn.retrying': 'Still trying to connect (attempt {attempt}).',

  'signInError.malformed-address': 'That is not a valid address. It should look like name@example.org.',
  'signInError.wrong-password': 'The server did not accept this address and password. Check them and try again.',
  'signInError.unreachable': 'The server could not be reached. Check the address, the server field and your network.',
  'signInError.tls-rejected': "The server's security certificate could not be verified, so Glance did not connect.",
  'signInError.tls-unavailable': 'The server does not offer an encrypted connection, so Glance did not connect.',
  'signInError.timeout': 'The server took too long to answer. Try again in a moment.',
  'signInError.other': 'Signing in failed for an unexpected reason.',
  'signInError.detail': 'Details: {detail}',

  'commandError.offline': 'You are offline.',
  'commandError.malformed-address': 'That is not a valid address. It should look like name@example.org.',
  'commandError.too-long': 'The message is too long.',
  'commandError.empty': 'The message is empty.',
  'commandError.refused': 'Glance opens only web and e-mail links.',
  'commandError.unreachable': 'Glance lost contact with its background process.',
  'commandError.other': 'The server answered: {error}',

  'connection.connecting': 'Connecting… (attempt {attempt})',
  'connection.offline': 'You are offline.',
  'connection.retryAt': 'Next attempt at {time}.',
  'connection.lastError': 'Last error: {error}',
  'connection.tryNow': 'Try now',

  'nav.views': 'Views',
  'nav.chats': 'Chats',
  'nav.contacts': 'Contacts',
  'nav.settings': 'Settings',

  'account.presence': 'Your status',
  'account.signOut': 'Sign out',
  'account.signedInAs': 'Signed in as {jid}',

  'presence.available': 'Available',
  'presence.away': 'Away',
  'presence.dnd': 'Do not disturb',
  'presence.offline': 'Offline',

  'conversations.label': 'Conversations',
  'conversations.empty': 'No conversations yet. Open Contacts to start one.',
  'conversations.previewOut': 'You: {text}',
  'conversations.noMessages': 'No messages yet',
  'conversations.muted': 'Muted',
  'unread.one': '{count} unread',
  'unread.other': '{count} unread',

  'contacts.label': 'Contact list',
  'contacts.empty': 'No contacts yet. Add someone by their address.',
  'contacts.add': 'Add contact',
  'contacts.addAddress': 'Address',
  'contacts.addName': 'Name (optional)',
  'contacts.addSubmit': 'Add',
  'contacts.addCancel': 'Cancel',
  'contacts.remove': 'Remove',
  'contacts.removeConfirm': 'Remove {name} from your contacts?',
  'contacts.removeYes': 'Remove',
  'contacts.removeNo': 'Keep',
  'contacts.awaiting': 'Waiting for approval',
  'contacts.requests': 'Contact requests',
  'contacts.requestText': '{jid} would like to see when you are online.',
  'contacts.accept': 'Accept',
  'contacts.deny': 'Deny',
  'contacts.addFailed': 'Could not add {jid}. {reason}',
  'contacts.removeFailed': 'Could not remove {name}. {reason}',
  'contacts.answerFailed': 'Could not answer {jid}. {reason}',

  'conversation.none': 'Choose a conversation or a contact to start chatting.',
  'conversation.empty': 'No messages yet.',
  'conversation.loading': 'Loading messages…',
  'conversation.jumpToLatest': 'Jump to the newest messages',
  'conversation.presence': 'Status: {presence}',
  'conversation.back': 'Back to conversations',
  'conversation.newMessages': 'New messages',
  'conversation.notifications': 'Notifications',
  'mute.none': 'Notify for all messages',
  'mute.all': 'Mute',
  'mute.mentions': 'Notify for mentions only',

  'day.today': 'Today',
  'day.yesterday': 'Yesterday',

  'status.pending': 'Pending',
  'status.sent': 'Sent',
  'status.delivered': 'Delivered',
  'status.read': 'Read',
  'status.failed': 'Failed',
  'status.sentAt': 'Sent {time}',
  'status.deliveredAt': 'Delivered {time}',
  'status.readAt': 'Read {time}',
  'status.stepSeparator': ' · ',
  'status.waiting': 'Waiting for the connection',
  'message.notSent': 'Not sent: {reason}',
  'message.retry': 'Retry',

  'composer.label': 'Message',
  'composer.placeholder': 'Write to {name}',
  'composer.send': 'Send',
  'composer.failed': 'The message could not be sent. {reason}',

  'settings.heading': 'Settings',
  'settings.language': 'Language',
  'settings.languageSystem': 'System',
  'settings.languageEn': 'English',
  'settings.languageZh': '简体中文',
  'settings.sendReadMarkers': 'Send read markers',
  'settings.sendReadMarkersHint':
    'When this is off, contacts are not told that you received or read their messages. Your own devices still learn what you have read.',
  'settings.close': 'Close',
  'settings.notificationPrivacy': 'Notifications show',
  'settings.privacy.sender-and-text': 'Show sender and message',
  'settings.privacy.sender': 'Show sender only',
  'settings.privacy.nothing': 'Show nothing',
  'settings.closeToTray': 'Keep Glance running when the window is closed',
  'settings.closeToTrayHint': 'Glance stays in the tray, connected, and keeps notifying you. Quit it from the tray menu.',

  'error.dismiss': 'Dismiss',
  'error.store': 'Incoming messages could not be saved, so Glance will try again. {reason}',
  'error.historyOpen': 'The message history could not be opened. {reason}',
  'error.historyBlocked': 'Another Glance window with an older version keeps the message history open. Close it to go on; nothing is lost meanwhile.',
  'error.historyRead': 'The message history could not be read. {reason}',
  'error.bridge': 'Glance could not reach its background process. {reason}',
  'error.openLink': 'The link could not be opened. {reason}',
  'error.markRead': 'The conversation could not be marked as read. {reason}',
  'error.preferences': 'The setting could not be saved. {reason}',
  'error.sync': 'Messages from while you were away could not be fetched; Glance tries again when it reconnects. {reason}',
  'error.outbox': 'Messages waiting to be sent could not be sent yet; Glance tries again when it reconnects. {reason}',
} as const satisfies Record<string, string>;

export type MessageKey = keyof typeof en;

export { zhCN };


export type Locale = 'en' | 'zh-CN';
export const LOCALES: readonly Locale[] = ['en', 'zh-CN'];
export const catalogues: Record<Locale, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };
