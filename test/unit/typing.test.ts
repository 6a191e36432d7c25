import parse from '@xmpp/xml/lib/parse.js';
import { describe, expect, it } from 'vitest';
import { buildChatState, readChatState } from '../../src-main/core/protocol/chat-states-codec';
import { TypingSender, type Timers } from '../../src-renderer/app/typing-sender';

/** Timers the test fires by hand. */
function manualTimers() {
  let pending: (() => void) | undefined;
  const timers: Timers = {
    set: (run) => (pending = run),
    clear: () => (pending = undefined),
  };
  return { timers, fire: () => pending?.() };
}

function sender() {
  const sent: string[] = [];
  const { timers, fire } = manualTimers();
  return { typing: new TypingSender((state) => sent.push(state), timers), sent, fire };
}

describe('TypingSender (XEP-0085 outgoing)', () => {
  it('sends one composing for a burst of typing, paused after a quiet spell, and nothing with the message', () => {
    const { typing, sent, fire } = sender();
    for (const text of ['h', 'he', 'hel', 'hell', 'hello']) typing.typed(text);
    expect(sent).toEqual(['composing']);
    fire();
    expect(sent).toEqual(['composing', 'paused']);
    typing.typed('hello!');
    expect(sent).toEqual(['composing', 'paused', 'composing']);
    typing.sent();
    typing.typed('');
    expect(sent).toEqual(['composing', 'paused', 'composing']);
    typing.typed('n');
    expect(sent).toEqual(['composing', 'paused', 'composing', 'composing']);
  });

  it('sends active when the text is cleared, inactive when the conversation is left, and nothing before any typing', () => {
    const quiet = sender();
    quiet.typing.typed('');
    quiet.typing.left();
    expect(quiet.sent).toEqual([]);
    const { typing, sent, fire } = sender();
    typing.typed('x');
    typing.typed('');
    typing.left();
    fire();
    expect(sent).toEqual(['composing', 'active', 'inactive']);
  });
});

describe('chat states codec', () => {
  it('reads the one state a message carries (XEP-0085 §5, Example 2)', () => {
    expect(
      readChatState(
        parse(
          `<message from='bernardo@shakespeare.lit/pda' to='francisco@shakespeare.lit' type='chat'><composing xmlns='http://jabber.org/protocol/chatstates'/></message>`,
        ),
      ),
    ).toBe('composing');
    expect(readChatState(parse(`<message><body>x</body><active xmlns='http://jabber.org/protocol/chatstates'/></message>`))).toBe('active');
    expect(readChatState(parse(`<message><body>x</body></message>`))).toBeUndefined();
  });

  it('builds a standalone state that is never archived', () => {
    expect(buildChatState('romeo@montague.lit', 'paused').toString()).toBe(
      `<message type="chat" to="romeo@montague.lit"><paused xmlns="http://jabber.org/protocol/chatstates"/><no-store xmlns="urn:xmpp:hints"/></message>`,
    );
  });
});
