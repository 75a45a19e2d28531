/** Logo upload helpers: refusal codes in words, base64 of a data URL, progress that reaches 100 only when answered. */
import { describe, expect, it } from 'vitest';
import { base64OfDataUrl, refusalKey, uploadPercent } from '../../../displays/admin/lib/upload-refusal.js';
import { SOURCE_ERROR_CODES } from '../../../brand-kit/sources.js';
import { NOTICE_MESSAGES } from '../../../displays/admin/messages-notices.js';

describe('logo upload', () => {
  it('has a message in both languages for every refusal the server can give', () => {
    for (const code of [...SOURCE_ERROR_CODES, 'PAYLOAD_TOO_LARGE']) {
      const key = refusalKey(code);
      expect(key, code).not.toBeNull();
      expect(Object.keys(NOTICE_MESSAGES.vi)).toContain(key);
      expect(Object.keys(NOTICE_MESSAGES.en)).toContain(key);
    }
    expect(refusalKey('BRAND_SVG_UNSAFE')).toBe('logo.refused.unsafe');
    expect(refusalKey('UNAUTHENTICATED')).toBeNull();
  });

  it('takes the base64 of a data URL', () => {
    expect(base64OfDataUrl('data:image/png;base64,iVBORw0KGgo=')).toBe('iVBORw0KGgo=');
    expect(base64OfDataUrl('not a data url')).toBe('');
  });

  it('stops at 99 % until the server has answered', () => {
    expect(uploadPercent(0, 0, false)).toBe(0);
    expect(uploadPercent(50, 200, false)).toBe(25);
    expect(uploadPercent(200, 200, false)).toBe(99);
    expect(uploadPercent(200, 200, true)).toBe(100);
  });
});
