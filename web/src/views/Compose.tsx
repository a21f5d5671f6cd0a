import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useApolloClient, useMutation } from '@apollo/client/react';
import { CreatePostDocument } from '../gql/graphql.ts';
import { uploadImage } from '../upload.ts';

export function Compose({ onPosted }: { onPosted(): void }) {
  const client = useApolloClient();
  const [createPost] = useMutation(CreatePostDocument);
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const form = useRef<HTMLFormElement>(null);
  const preview = useMemo(() => (file ? URL.createObjectURL(file) : undefined), [file]);
  useEffect(() => () => (preview ? URL.revokeObjectURL(preview) : undefined), [preview]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = String(new FormData(event.currentTarget).get('body') ?? '').trim();
    if (!body) return;
    setBusy(true);
    setError(undefined);
    try {
      const mediaIds = file ? [await uploadImage(client, file)] : [];
      await createPost({ variables: { input: { body, mediaIds } } });
      form.current?.reset();
      setFile(null);
      onPosted();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form ref={form} className="compose" onSubmit={submit} aria-label="New post">
      <label htmlFor="compose-body" className="visually-hidden">
        What is happening?
      </label>
      <textarea id="compose-body" name="body" placeholder="What is happening?" maxLength={2000} required rows={3} />
      {preview && <img className="preview" src={preview} alt="The image you are about to post" />}
      <div className="row">
        <label className="file">
          <input
            type="file"
            name="image"
            accept="image/jpeg,image/png,image/webp,image/gif,image/avif"
            onChange={(event) => setFile(event.currentTarget.files?.[0] ?? null)}
          />
          <span>{file ? `Image: ${file.name}` : 'Add image'}</span>
        </label>
        <button type="submit" disabled={busy}>
          {busy ? 'Posting…' : 'Post'}
        </button>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}
