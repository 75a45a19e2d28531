/** Why a logo upload was refused, in words staff can act on, from the server's error code. */

/** Message key for each refusal code of `POST /brand/cities/{id}/sources`. */
const REFUSALS: Readonly<Record<string, string>> = {
  BRAND_SVG_UNSAFE: 'logo.refused.unsafe',
  BRAND_UPLOAD_PIXELS: 'logo.refused.pixels',
  BRAND_UPLOAD_FORMAT: 'logo.refused.format',
  BRAND_UPLOAD_TOO_LARGE: 'logo.refused.tooLarge',
  // The JSON body (the file in base64) went past the API's body limit before the check ran.
  PAYLOAD_TOO_LARGE: 'logo.refused.tooLarge',
  BRAND_UPLOAD_CORRUPT: 'logo.refused.corrupt',
};

/** The message key for a refusal code, or null when the code is not an upload refusal. */
export function refusalKey(code: string): string | null {
  return REFUSALS[code] ?? null;
}

/** The base64 part of a `data:` URL as FileReader.readAsDataURL gives it. */
export function base64OfDataUrl(dataUrl: string): string {
  const i = dataUrl.indexOf(';base64,');
  return i < 0 ? '' : dataUrl.slice(i + ';base64,'.length);
}

/** Upload progress in whole percent; 100 only once the server has answered. */
export function uploadPercent(loaded: number, total: number, answered: boolean): number {
  if (answered) return 100;
  if (total <= 0) return 0;
  return Math.min(99, Math.floor((loaded / total) * 100));
}
