import type { FakeState } from '../state/fake-state.ts';
import { discordError, type RouteResult, type UploadedFile } from './router.ts';

/**
 * @internal Discord's checks on a message body: not empty (content, embeds, components, stickers,
 * polls or files), content at most 2,000 characters, at most 10 embeds. An edit may leave out
 * everything.
 */
export function checkMessageBody(
  body: Record<string, unknown>,
  files: readonly UploadedFile[],
  isEdit: boolean,
): RouteResult | undefined {
  const content = body.content;
  if (typeof content === 'string' && content.length > 2000) {
    return discordError(400, 50035, 'Invalid Form Body', {
      content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2000 or fewer in length.' }] },
    });
  }
  if (Array.isArray(body.embeds) && body.embeds.length > 10) {
    return discordError(400, 50035, 'Invalid Form Body', {
      embeds: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 10 or fewer in length.' }] },
    });
  }
  const hasSomething =
    (typeof content === 'string' && content.length > 0) ||
    (Array.isArray(body.embeds) && body.embeds.length > 0) ||
    (Array.isArray(body.components) && body.components.length > 0) ||
    (Array.isArray(body.sticker_ids) && body.sticker_ids.length > 0) ||
    body.poll !== undefined ||
    files.length > 0;
  if (!isEdit && !hasSomething) return discordError(400, 50006, 'Cannot send an empty message');
  return undefined;
}

/** @internal The attachments a message gets for uploaded files. */
export function attachmentsOf(state: FakeState, files: readonly UploadedFile[]): Record<string, unknown>[] {
  return files.map((file) => {
    const id = state.ids.next();
    state.files.set(id, file.bytes);
    return {
      id,
      filename: file.name,
      size: file.bytes.byteLength,
      content_type: file.contentType,
      url: `https://cdn.discordapp.com/attachments/fake/${id}/${encodeURIComponent(file.name)}`,
      proxy_url: `https://media.discordapp.net/attachments/fake/${id}/${encodeURIComponent(file.name)}`,
    };
  });
}
