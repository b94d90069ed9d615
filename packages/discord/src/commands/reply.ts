import { type ButtonInteraction, type ChatInputCommandInteraction, MessageFlags } from 'discord.js';

type Answerable = ChatInputCommandInteraction | ButtonInteraction;

/** @internal Answers with a message only the member sees, which can ping no one. */
export async function replyPrivately(interaction: Answerable, content: string): Promise<void> {
  if (interaction.deferred || interaction.replied)
    await interaction.editReply({ content, allowedMentions: { parse: [] } });
  else await interaction.reply({ content, allowedMentions: { parse: [] }, flags: MessageFlags.Ephemeral });
}

/**
 * @internal Replies privately after a deferral (for answers that take several requests, past
 * Discord's 3 s). Nothing the answer says can ping.
 */
export async function deferredPrivately(interaction: Answerable, answer: () => Promise<string>): Promise<void> {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const content = await answer();
  await interaction.editReply({ content, allowedMentions: { parse: [] } });
}

/** Past this, an answer still being worked out is deferred: Discord allows 3 s for the first answer. */
const DEFER_AFTER_MS = 2_000;
/** How long a deferred answer may take before the member is told it failed (Discord would wait 15 min). */
const GIVE_UP_AFTER_MS = 15_000;

/**
 * @internal Answers privately with what `answer` resolves to: at once when it is ready within 2 s,
 * as usual; otherwise the interaction is deferred first (a store that is slow or hung cannot make
 * the command fail in Discord), and the answer given when it comes, or a rejection after 15 s.
 */
export async function answerInTime(interaction: Answerable, answer: () => Promise<string>): Promise<void> {
  const content = answer();
  const timers: ReturnType<typeof setTimeout>[] = [];
  const after = <T>(ms: number, value: () => T) =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        try {
          resolve(value());
        } catch (error) {
          reject(error);
        }
      }, ms);
      timer.unref();
      timers.push(timer);
    });
  try {
    const ready = await Promise.race([content, after(DEFER_AFTER_MS, () => undefined)]);
    if (ready !== undefined) return await replyPrivately(interaction, ready);
    content.catch(() => {}); // the deadline below may win; a later rejection is no longer anyone's
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const late = await Promise.race([
      content,
      after(GIVE_UP_AFTER_MS, () => {
        throw new Error(`the answer took longer than ${GIVE_UP_AFTER_MS} ms`);
      }),
    ]);
    await interaction.editReply({ content: late, allowedMentions: { parse: [] } });
  } finally {
    for (const timer of timers) clearTimeout(timer);
  }
}

/** @internal Tells the member something failed, if the interaction can still be answered; never rejects. */
export async function apologise(interaction: Answerable, content: string): Promise<void> {
  try {
    await replyPrivately(interaction, content);
  } catch {
    // The interaction expired or was answered already: nothing more can be said.
  }
}
