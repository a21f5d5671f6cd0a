import type { ApolloClient } from '@apollo/client';
import { CreateUploadDocument } from './gql/graphql.ts';

/**
 * The media upload flow: a one-time ticket, then the bytes PUT to it. The
 * ticket's URL names the media service; the page's own origin forwards
 * /uploads/ there, so the PUT is same-origin and needs no CORS.
 */
export async function uploadImage(client: ApolloClient, file: File): Promise<string> {
  const { data } = await client.mutate({ mutation: CreateUploadDocument });
  if (!data) throw new Error('No upload ticket');
  const { uploadUrl, maxBytes } = data.createUpload;
  if (file.size > maxBytes) throw new Error(`The image is larger than ${Math.floor(maxBytes / 1024 / 1024)} MiB.`);
  const target = new URL(uploadUrl);
  const response = await fetch(target.pathname + target.search, { method: 'PUT', body: file });
  const answer = (await response.json().catch(() => ({}))) as { data?: { id?: string }; errors?: { message: string }[] };
  if (!response.ok || !answer.data?.id) throw new Error(answer.errors?.[0]?.message ?? `Upload failed (${response.status})`);
  return answer.data.id;
}
