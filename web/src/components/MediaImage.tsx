import { useMemo, useState } from 'react';
import { decode } from 'blurhash';
import type { MediaFieldsFragment } from '../gql/graphql.ts';

/** Decodes a blurhash into a tiny image: the placeholder shown until the real one has loaded. */
function placeholder(hash: string): string | undefined {
  try {
    const size = 32;
    const pixels = decode(hash, size, size);
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = size;
    const context = canvas.getContext('2d');
    if (!context) return undefined;
    context.putImageData(new ImageData(new Uint8ClampedArray(pixels), size, size), 0, 0);
    return canvas.toDataURL();
  } catch {
    return undefined;
  }
}

/**
 * An uploaded image at the size the layout needs: the browser picks from the
 * derivative widths in `srcset`, the box keeps the image's aspect ratio so
 * nothing jumps, and the blurhash fills it while the bytes arrive.
 */
export function MediaImage({ media, alt, sizes, className }: { media: MediaFieldsFragment; alt: string; sizes: string; className?: string }) {
  const [loaded, setLoaded] = useState(false);
  const blur = useMemo(() => placeholder(media.blurhash), [media.blurhash]);
  const widths = [...media.thumbnails].sort((a, b) => a.width - b.width);
  const largest = widths.at(-1);
  return (
    <span
      className={`media ${className ?? ''}`}
      data-loaded={loaded}
      style={{
        aspectRatio: `${media.width} / ${media.height}`,
        backgroundColor: media.dominantColor,
        backgroundImage: !loaded && blur ? `url(${blur})` : undefined,
      }}
    >
      {largest && (
        <img
          src={largest.url}
          srcSet={widths.map((t) => `${t.url} ${t.width}w`).join(', ')}
          sizes={sizes}
          width={media.width}
          height={media.height}
          alt={alt}
          loading="lazy"
          decoding="async"
          onLoad={() => setLoaded(true)}
        />
      )}
    </span>
  );
}

export function Avatar({ user, size = 40 }: { user: { displayName: string; avatar?: MediaFieldsFragment | null }; size?: number }) {
  if (user.avatar) return <MediaImage className="avatar" media={user.avatar} alt={`${user.displayName}'s avatar`} sizes={`${size}px`} />;
  return (
    <span className="avatar avatar-initial" aria-hidden="true" style={{ width: size, height: size }}>
      {user.displayName.slice(0, 1).toUpperCase()}
    </span>
  );
}
