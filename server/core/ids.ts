import { randomBytes, randomUUID } from 'node:crypto';

/** Random identifier for rows that have no natural key. */
export const newId = (): string => randomUUID();

/** URL-safe random secret (tokens, device secrets). */
export const newSecret = (bytes = 32): string => randomBytes(bytes).toString('base64url');

/** Lower-case ASCII slug from Vietnamese text: "Phường Ba Đình" → "phuong-ba-dinh". */
export function slugify(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 56);
}
