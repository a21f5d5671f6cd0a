import sharp, { type Metadata } from 'sharp';
import { badUserInput, chorusError, ErrorCode } from '@chorus/runtime';

export const maxUploadBytes = 8 * 1024 * 1024;
/** Decompression bombs are refused before any pixel is decoded. */
export const maxUploadPixels = 40_000_000;

const base64Pattern = /^[A-Za-z0-9+/]*={0,2}$/;

const mimeByFormat = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  avif: 'image/avif',
} as const;
export type StoredMimeType = (typeof mimeByFormat)[keyof typeof mimeByFormat];

export function decodeUpload(base64: string): Buffer {
  if (base64.length > Math.ceil(maxUploadBytes / 3) * 4) {
    throw chorusError(ErrorCode.PayloadTooLarge, `Images may be at most ${maxUploadBytes} bytes.`);
  }
  if (base64.length === 0 || base64.length % 4 !== 0 || !base64Pattern.test(base64)) {
    throw badUserInput('base64 is not valid base64.', 'base64');
  }
  return Buffer.from(base64, 'base64');
}

export interface ImageFacts {
  mimeType: StoredMimeType;
  width: number;
  height: number;
}

/** The type comes from the bytes (sharp's sniffing), never from the caller. */
export async function inspectImage(bytes: Buffer): Promise<ImageFacts> {
  let metadata: Metadata;
  try {
    // Reading the header decodes no pixels; the pixel limit is checked below.
    metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw badUserInput('The upload is not an image we can read.', 'base64');
  }
  const format = metadata.format === 'heif' && metadata.compression === 'av1' ? 'avif' : metadata.format;
  const mimeType = format !== undefined && format in mimeByFormat ? mimeByFormat[format as keyof typeof mimeByFormat] : null;
  if (mimeType === null) throw badUserInput('Only JPEG, PNG, WebP, GIF and AVIF images are accepted.', 'base64');
  const { width, height } = metadata;
  if (!width || !height) throw badUserInput('The image has no dimensions.', 'base64');
  if (width * height > maxUploadPixels) {
    throw chorusError(ErrorCode.PayloadTooLarge, `Images may have at most ${maxUploadPixels} pixels.`);
  }
  return { mimeType, width, height };
}
