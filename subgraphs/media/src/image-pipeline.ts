import sharp, { type Metadata } from 'sharp';
import { encode as encodeBlurhash } from 'blurhash';

export const maxUploadBytes = 8 * 1024 * 1024;
/** Decompression bombs are refused from the header, before any pixel is decoded. */
export const maxUploadPixels = 40_000_000;

export const supportedFormats = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  avif: 'image/avif',
} as const;
export type StoredFormat = keyof typeof supportedFormats;

export class ImageRejected extends Error {
  constructor(
    readonly code: 'UNSUPPORTED_MEDIA_TYPE' | 'PAYLOAD_TOO_LARGE' | 'BAD_USER_INPUT',
    message: string,
  ) {
    super(message);
  }
}

export interface ProcessedImage {
  bytes: Buffer;
  format: StoredFormat;
  mimeType: (typeof supportedFormats)[StoredFormat];
  width: number;
  height: number;
  blurhash: string;
  dominantColor: string;
}

function formatOf(metadata: Metadata): StoredFormat | null {
  // sharp reports AVIF as HEIF with AV1 compression; other HEIF (HEVC) is not supported.
  const format = metadata.format === 'heif' ? (metadata.compression === 'av1' ? 'avif' : null) : metadata.format;
  return format !== undefined && format !== null && format in supportedFormats ? (format as StoredFormat) : null;
}

/**
 * Decides the type from the bytes alone (SVG, which can carry script, is not
 * an accepted type), refuses pixel bombs from the header, then stores a
 * normalised original: orientation applied and every metadata block (EXIF,
 * GPS, XMP, ICC comments) dropped by re-encoding in the same format.
 */
export async function processUpload(input: Buffer): Promise<ProcessedImage> {
  if (input.length === 0) throw new ImageRejected('BAD_USER_INPUT', 'The upload is empty.');
  let metadata: Metadata;
  try {
    metadata = await sharp(input, { limitInputPixels: false }).metadata();
  } catch {
    throw new ImageRejected('UNSUPPORTED_MEDIA_TYPE', 'The upload is not an image we accept.');
  }
  const format = formatOf(metadata);
  if (format === null) {
    throw new ImageRejected('UNSUPPORTED_MEDIA_TYPE', 'Only JPEG, PNG, WebP, GIF and AVIF images are accepted.');
  }
  const { width, height } = metadata;
  if (!width || !height) throw new ImageRejected('BAD_USER_INPUT', 'The image has no dimensions.');
  const frameHeight = metadata.pageHeight ?? height;
  if (width * frameHeight > maxUploadPixels) {
    throw new ImageRejected('PAYLOAD_TOO_LARGE', `Images may have at most ${maxUploadPixels} pixels.`);
  }
  const animated = format === 'gif' || format === 'webp' ? (metadata.pages ?? 1) > 1 : false;
  try {
    // rotate() with no angle applies the EXIF orientation; sharp writes no metadata unless asked.
    const pipeline = sharp(input, { limitInputPixels: maxUploadPixels, animated, failOn: 'error' }).rotate();
    const encoded = await (format === 'jpeg'
      ? pipeline.jpeg({ quality: 90, mozjpeg: true })
      : format === 'png'
        ? pipeline.png({ compressionLevel: 9 })
        : format === 'webp'
          ? pipeline.webp({ quality: 90 })
          : format === 'avif'
            ? pipeline.avif({ quality: 70 })
            : pipeline.gif()
    ).toBuffer({ resolveWithObject: true });
    const { blurhash, dominantColor } = await placeholders(encoded.data);
    return {
      bytes: encoded.data,
      format,
      mimeType: supportedFormats[format],
      width: encoded.info.width,
      height: animated ? frameHeight : encoded.info.height,
      blurhash,
      dominantColor,
    };
  } catch (error) {
    if (error instanceof ImageRejected) throw error;
    // A header that promises an image whose body is truncated or corrupt.
    throw new ImageRejected('BAD_USER_INPUT', 'The image is damaged or truncated.');
  }
}

function hex(value: number): string {
  return Math.round(value).toString(16).padStart(2, '0');
}

/** A 4×3-component blurhash of a 32-pixel-wide thumbnail, and the dominant colour. */
async function placeholders(image: Buffer): Promise<{ blurhash: string; dominantColor: string }> {
  const small = await sharp(image).resize(32, 32, { fit: 'inside' }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const blurhash = encodeBlurhash(new Uint8ClampedArray(small.data), small.info.width, small.info.height, 4, 3);
  const { dominant } = await sharp(image).stats();
  return { blurhash, dominantColor: `#${hex(dominant.r)}${hex(dominant.g)}${hex(dominant.b)}` };
}
