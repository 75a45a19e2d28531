/**
 * Photo uploads for work orders: decoded by sharp with a pixel limit (no decompression bombs),
 * only JPEG / PNG / WebP accepted, re-encoded to JPEG so metadata (GPS, camera serials) and
 * anything hidden in the original bytes are dropped.
 */
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { AppError, invalid } from '../core/errors.js';

export const PHOTO_FORMATS = ['jpeg', 'png', 'webp'] as const;
export const PHOTO_MAX_PIXELS = 40_000_000;
export const PHOTO_MAX_BYTES = 8 * 1024 * 1024;
const MAX_EDGE = 2048;

export interface CleanPhoto {
  bytes: Buffer;
  width: number;
  height: number;
  sha256: string;
}

export async function cleanPhoto(input: Uint8Array): Promise<CleanPhoto> {
  if (input.byteLength === 0)
    throw invalid('PHOTO_EMPTY', 'The photo is empty', [{ path: '(body)', message: 'no bytes' }]);
  if (input.byteLength > PHOTO_MAX_BYTES)
    throw new AppError('too_large', 'PHOTO_TOO_LARGE', `Photos are limited to ${PHOTO_MAX_BYTES} bytes`);
  let format: string | undefined;
  try {
    const meta = await sharp(input, { limitInputPixels: PHOTO_MAX_PIXELS }).metadata();
    format = meta.format;
  } catch (err) {
    throw decodeError(err);
  }
  if (!format || !(PHOTO_FORMATS as readonly string[]).includes(format)) {
    throw invalid('PHOTO_FORMAT', `Only ${PHOTO_FORMATS.join(', ')} photos are accepted`, [
      { path: '(body)', message: `format ${format ?? 'unknown'}` },
    ]);
  }
  try {
    const { data, info } = await sharp(input, { limitInputPixels: PHOTO_MAX_PIXELS })
      .rotate()
      .resize({ width: MAX_EDGE, height: MAX_EDGE, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 82 })
      .toBuffer({ resolveWithObject: true });
    return {
      bytes: data,
      width: info.width,
      height: info.height,
      sha256: createHash('sha256').update(data).digest('hex'),
    };
  } catch (err) {
    throw decodeError(err);
  }
}

function decodeError(err: unknown): AppError {
  if (err instanceof Error && /pixel limit/i.test(err.message)) {
    return invalid('PHOTO_TOO_MANY_PIXELS', `Photos are limited to ${PHOTO_MAX_PIXELS} pixels`, [
      { path: '(body)', message: 'too many pixels' },
    ]);
  }
  return invalid('PHOTO_UNREADABLE', 'The upload is not a readable image', [
    { path: '(body)', message: 'not an image' },
  ]);
}
