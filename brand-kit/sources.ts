/**
 * Checking new kit sources (logos, images) before anything else touches them: size limit,
 * format allow-list by content (not by name), SVG safety, pixel limit against decompression
 * bombs, and a full decode. Each refusal is a `BrandInputError` with its own code.
 */
import { createHash } from 'node:crypto';
import sharp, { type Metadata } from 'sharp';
import type { SourceType } from './kit.schema.js';
import { checkSvg, type SvgProblem } from './svg-safety.js';

export const SOURCE_ERROR_CODES = [
  'BRAND_UPLOAD_TOO_LARGE',
  'BRAND_UPLOAD_FORMAT',
  'BRAND_SVG_UNSAFE',
  'BRAND_UPLOAD_PIXELS',
  'BRAND_UPLOAD_CORRUPT',
] as const;
export type SourceErrorCode = (typeof SOURCE_ERROR_CODES)[number];

export class BrandInputError extends Error {
  constructor(
    readonly code: SourceErrorCode,
    message: string,
    readonly problems: readonly SvgProblem[] = [],
  ) {
    super(message);
    this.name = 'BrandInputError';
  }
}

export interface SourceLimits {
  maxBytes: number;
  /** Largest width × height accepted (sharp's `limitInputPixels`). */
  maxInputPixels: number;
}

export interface CheckedSource {
  /** The bytes to store (SVG: as cleaned). */
  data: Buffer;
  sha256: string;
  type: SourceType;
  width: number;
  height: number;
}

export const sha256Hex = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

/** What the bytes are, by their signature; `undefined` when not an allowed format. */
export function sniffType(data: Buffer): SourceType | undefined {
  if (data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  if (data.toString('latin1', 0, 4) === 'RIFF' && data.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  const head = data
    .subarray(0, 4096)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  if (/^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/i.test(head))
    return 'image/svg+xml';
  return undefined;
}

const SHARP_FORMAT: Record<SourceType, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/webp': 'webp',
  'image/svg+xml': 'svg',
};

/** Check one uploaded source; throws `BrandInputError` with a clear reason on refusal. */
export async function checkSource(input: Buffer, limits: SourceLimits): Promise<CheckedSource> {
  if (input.length === 0) throw new BrandInputError('BRAND_UPLOAD_FORMAT', 'The file is empty');
  if (input.length > limits.maxBytes) {
    throw new BrandInputError(
      'BRAND_UPLOAD_TOO_LARGE',
      `The file is ${input.length} bytes; the limit is ${limits.maxBytes} bytes`,
    );
  }
  const type = sniffType(input);
  if (!type) {
    throw new BrandInputError(
      'BRAND_UPLOAD_FORMAT',
      'Only SVG, PNG, WebP and JPEG images are accepted (checked by content, not file name)',
    );
  }
  let data = input;
  if (type === 'image/svg+xml') {
    const { svg, problems } = checkSvg(input.toString('utf8'));
    if (problems.length > 0) {
      throw new BrandInputError(
        'BRAND_SVG_UNSAFE',
        `The SVG is refused: ${problems.map((p) => p.message).join('; ')}`,
        problems,
      );
    }
    data = Buffer.from(svg, 'utf8');
  }
  let meta: Metadata;
  try {
    meta = await sharp(data, { limitInputPixels: false }).metadata();
  } catch (err) {
    throw new BrandInputError(
      'BRAND_UPLOAD_CORRUPT',
      `The image cannot be read: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  if (meta.format !== SHARP_FORMAT[type]) {
    throw new BrandInputError(
      'BRAND_UPLOAD_FORMAT',
      `The content looks like ${type} but decodes as ${meta.format ?? 'nothing'}`,
    );
  }
  const { width, height } = meta;
  if (!width || !height) throw new BrandInputError('BRAND_UPLOAD_CORRUPT', 'The image has no size');
  if (width * height > limits.maxInputPixels) {
    throw new BrandInputError(
      'BRAND_UPLOAD_PIXELS',
      `The image is ${width}×${height} = ${width * height} pixels; the limit is ${limits.maxInputPixels} pixels (decompression bombs are refused)`,
    );
  }
  try {
    // A full decode within the pixel limit: truncated or lying files fail here, not at compile time.
    await sharp(data, { limitInputPixels: limits.maxInputPixels, failOn: 'error' })
      .resize(16, 16, { fit: 'inside' })
      .raw()
      .toBuffer();
  } catch (err) {
    throw new BrandInputError(
      'BRAND_UPLOAD_CORRUPT',
      `The image does not decode: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  return { data, sha256: sha256Hex(data), type, width, height };
}
