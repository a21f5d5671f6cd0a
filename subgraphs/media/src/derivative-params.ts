import type { UrlSigner } from './url-signing.ts';

export const fits = ['cover', 'contain', 'inside'] as const;
export const focuses = ['centre', 'attention', 'entropy'] as const;
export const outputFormats = ['avif', 'webp', 'jpeg'] as const;
export type Fit = (typeof fits)[number];
export type Focus = (typeof focuses)[number];
export type OutputFormat = (typeof outputFormats)[number];

export const maxDimension = 4096;
export const defaultQuality = 80;

/** Everything that decides a derivative's bytes, apart from the negotiated format. */
export interface DerivativeParams {
  mediaId: string;
  width: number | null;
  height: number | null;
  fit: Fit;
  focus: Focus;
  quality: number;
  /** Fixed by the URL, or null to negotiate from Accept. */
  format: OutputFormat | null;
}

/** The one string that is signed: any change to any parameter breaks the signature. */
export function canonical(params: DerivativeParams): string {
  return ['d1', params.mediaId, params.width ?? '', params.height ?? '', params.fit, params.focus, params.quality, params.format ?? ''].join('|');
}

export function derivativePath(params: DerivativeParams, signer: UrlSigner): string {
  const query = new URLSearchParams();
  if (params.width !== null) query.set('w', String(params.width));
  if (params.height !== null) query.set('h', String(params.height));
  query.set('fit', params.fit);
  query.set('focus', params.focus);
  query.set('q', String(params.quality));
  if (params.format !== null) query.set('f', params.format);
  query.set('sig', signer.sign(canonical(params)));
  return `/media/${params.mediaId}/render?${query.toString()}`;
}

export class InvalidDerivative extends Error {}

function dimension(value: unknown, name: string): number | null {
  if (value === undefined) return null;
  const number = Number(value);
  if (typeof value !== 'string' || !/^\d{1,4}$/.test(value) || number < 1 || number > maxDimension) {
    throw new InvalidDerivative(`${name} must be 1–${maxDimension}`);
  }
  return number;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T, name: string): T {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new InvalidDerivative(`${name} must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

/** Parses and validates a request's query; the caller then checks the signature over the result. */
export function parseDerivativeQuery(mediaId: string, query: Record<string, unknown>): DerivativeParams {
  const quality = query.q === undefined ? defaultQuality : Number(query.q);
  if (!Number.isInteger(quality) || quality < 1 || quality > 100) throw new InvalidDerivative('q must be 1–100');
  return {
    mediaId,
    width: dimension(query.w, 'w'),
    height: dimension(query.h, 'h'),
    fit: oneOf(query.fit, fits, 'inside', 'fit'),
    focus: oneOf(query.focus, focuses, 'centre', 'focus'),
    quality,
    format: query.f === undefined ? null : oneOf(query.f, outputFormats, 'jpeg', 'f'),
  };
}

/** AVIF, then WebP, then JPEG: the first the client says it accepts. */
export function negotiateFormat(accept: string | undefined): OutputFormat {
  const header = (accept ?? '').toLowerCase();
  if (header.includes('image/avif')) return 'avif';
  if (header.includes('image/webp')) return 'webp';
  return 'jpeg';
}
