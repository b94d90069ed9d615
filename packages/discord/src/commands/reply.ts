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

/** @internal Tells the member something failed, if the interaction can still be answered; never rejects. */
export async function apologise(interaction: Answerable, content: string): Promise<void> {
  try {
    await replyPrivately(interaction, content);
  } catch {
    // The interaction expired or was answered already: nothing more can be said.
  }
}
