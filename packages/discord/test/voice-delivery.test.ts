// The voice events' way from the adapter to the parts in createGuildkit: once per turn of the
// event loop, in order, every part, and what one part throws kept from the others.
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { VoiceStateEvent } from '@guildkit/core';
import { snowflake, voiceEventFixture } from '@guildkit/core/testing';
import { describe, expect, it } from 'vitest';
import { VoiceDelivery, type VoiceTaker } from '../src/guildkit/voice-delivery.ts';

/** A part that keeps the users of the events it takes. */
function recorder(): { readonly seen: string[]; readonly take: VoiceTaker } {
  const seen: string[] = [];
  return { seen, take: (event) => void seen.push(event.userId) };
}

const events = (count: number): VoiceStateEvent[] =>
  Array.from({ length: count }, (_, i) =>
    voiceEventFixture(snowflake('guild', 1), snowflake('user', i + 1), null, { at: i }),
  );

describe('VoiceDelivery', () => {
  it('hands every event to every part, in order, by the end of the turn', async () => {
    const [a, b] = [recorder(), recorder()];
    const delivery = new VoiceDelivery([a.take, b.take], (error) => expect.fail(String(error)));
    const sent = events(5);
    for (const event of sent) delivery.take(event);
    expect(a.seen).toEqual([]); // not yet: the turn goes on
    await nextTurn();
    const users = sent.map((event) => event.userId);
    expect(a.seen).toEqual(users);
    expect(b.seen).toEqual(users);
    delivery.take(sent[0] as VoiceStateEvent);
    await nextTurn();
    expect(a.seen).toEqual([...users, users[0]]);
  });

  it('hands on what waits at once when asked, and not twice', async () => {
    const part = recorder();
    const delivery = new VoiceDelivery([part.take], (error) => expect.fail(String(error)));
    for (const event of events(3)) delivery.take(event);
    delivery.deliver();
    expect(part.seen).toHaveLength(3);
    await nextTurn();
    expect(part.seen).toHaveLength(3);
  });

  it('reports what a part throws and goes on with the next event and the next part', async () => {
    const failures: unknown[] = [];
    const after = recorder();
    const throwing: VoiceTaker = (event) => {
      if (event.at === 1) throw new Error('boom');
    };
    const before = recorder();
    const delivery = new VoiceDelivery([before.take, throwing, after.take], (error) => failures.push(error));
    for (const event of events(3)) delivery.take(event);
    await nextTurn();
    expect(failures).toEqual([new Error('boom')]);
    expect(before.seen).toHaveLength(3);
    expect(after.seen).toHaveLength(3);
  });

  it('keeps an event taken while others are handed on for the next delivery', async () => {
    const late = events(2)[1] as VoiceStateEvent;
    let delivery: VoiceDelivery | undefined;
    const seen: string[] = [];
    const part: VoiceTaker = (event) => {
      seen.push(event.userId);
      if (seen.length === 1) delivery?.take(late);
    };
    delivery = new VoiceDelivery([part], (error) => expect.fail(String(error)));
    delivery.take(events(1)[0] as VoiceStateEvent);
    delivery.deliver();
    expect(seen).toHaveLength(1);
    await nextTurn();
    expect(seen).toEqual([events(1)[0]?.userId, late.userId]);
  });
});
