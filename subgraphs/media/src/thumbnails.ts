import type { Rows } from '@chorus/runtime';
import type { DerivativeRenderer } from './derivatives.ts';
import { defaultQuality, type DerivativeParams, type OutputFormat } from './derivative-params.ts';

/** Widths made at upload, so the common sizes are served from the cache from the first request. */
export const thumbnailWidths = [160, 320, 640] as const;
const eagerFormats: OutputFormat[] = ['webp', 'jpeg'];

export function thumbnailParams(mediaId: string, width: number): DerivativeParams {
  return { mediaId, width, height: null, fit: 'inside', focus: 'centre', quality: defaultQuality, format: null };
}

export async function eagerThumbnails(renderer: DerivativeRenderer, media: Rows.Media): Promise<void> {
  for (const width of thumbnailWidths) {
    for (const format of eagerFormats) await renderer.render(media.contentHash, thumbnailParams(media.id, width), format);
  }
}
