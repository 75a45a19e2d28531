import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { body, createTestApp, errorOf, type TestApp } from '../../helpers/test-app.js';
import { assetRefSchema } from '../../../brand-kit/kit.schema.js';

let t: TestApp;
let token: string;
beforeAll(async () => {
  t = await createTestApp();
  token = await t.login('brand-up', [{ role: 'brand-editor', orgId: 'hn' }]);
});
afterAll(() => t.close());

const upload = (data: Buffer | string, fileName = 'logo.svg', tok = token) =>
  t.call('POST', '/api/v1/brand/cities/hn/sources', {
    token: tok,
    body: { fileName, contentBase64: Buffer.from(data).toString('base64') },
  });

const svg = (inner: string, attrs = '') =>
  `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="100"${attrs}>${inner}</svg>`;

describe('logo and image uploads', () => {
  it('accepts a clean SVG and a PNG, with their sizes', async () => {
    const ok = await upload(svg('<circle cx="50" cy="50" r="40" fill="#B3261E"/>'));
    expect(ok.status).toBe(201);
    expect(await body(ok, assetRefSchema)).toMatchObject({
      type: 'image/svg+xml',
      width: 100,
      height: 100,
      name: 'logo.svg',
    });
    const png = await sharp({ create: { width: 600, height: 300, channels: 4, background: '#B3261E' } })
      .png()
      .toBuffer();
    const res = await upload(png, 'logo.png');
    expect(res.status).toBe(201);
    expect(await body(res, assetRefSchema)).toMatchObject({ type: 'image/png', width: 600, height: 300 });
  });

  it.each([
    ['a script element', svg('<script>fetch("https://evil.example")</script>'), '/svg/script'],
    ['an onload handler', svg('<rect width="10" height="10"/>', ' onload="alert(1)"'), '/svg@onload'],
    [
      'an external href',
      svg('<image xlink:href="https://evil.example/track.png" width="10" height="10"/>'),
      '/svg/image@xlink:href',
    ],
    ['an external use', svg('<use href="https://evil.example/sprite.svg#a"/>'), '/svg/use@href'],
  ])('refuses an SVG with %s, naming where', async (_what, text, path) => {
    const res = await upload(text);
    expect(res.status).toBe(400);
    const err = await errorOf(res);
    expect(err.code).toBe('BRAND_SVG_UNSAFE');
    expect(err.details?.map((d) => d.path)).toContain(path);
  });

  it('refuses a decompression bomb PNG before decoding it', async () => {
    // 12 000 × 12 000 grey pixels (144 Mpx) of one colour compress to a few hundred kB.
    const bomb = await sharp({ create: { width: 12_000, height: 12_000, channels: 3, background: '#ffffff' } })
      .toColourspace('b-w')
      .png({ compressionLevel: 9 })
      .toBuffer();
    expect(bomb.length).toBeLessThan(t.config.BRAND_UPLOAD_MAX_BYTES);
    const res = await upload(bomb, 'bomb.png');
    expect(res.status).toBe(400);
    const err = await errorOf(res);
    expect(err.code).toBe('BRAND_UPLOAD_PIXELS');
    expect(err.message).toMatch(/12000×12000/);
  });

  it('refuses formats outside the allow-list, by content', async () => {
    const gif = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#000' } })
      .gif()
      .toBuffer();
    const res = await upload(gif, 'logo.png');
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe('BRAND_UPLOAD_FORMAT');
    const text = await upload('#!/bin/sh\necho hi', 'logo.svg');
    expect((await errorOf(text)).code).toBe('BRAND_UPLOAD_FORMAT');
  });

  it('refuses a truncated PNG as corrupt', async () => {
    const png = await sharp({ create: { width: 400, height: 400, channels: 3, background: '#123456' } })
      .png({ compressionLevel: 0 })
      .toBuffer();
    const res = await upload(png.subarray(0, Math.floor(png.length / 2)), 'cut.png');
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe('BRAND_UPLOAD_CORRUPT');
  });

  it('refuses a file over the size limit with 413', async () => {
    const small = await createTestApp({ env: { BRAND_UPLOAD_MAX_BYTES: '2048' } });
    try {
      const tok = await small.login('brand-small', [{ role: 'brand-editor', orgId: 'hn' }]);
      const noisy = await sharp(randomBytes(64 * 64 * 3), { raw: { width: 64, height: 64, channels: 3 } })
        .png()
        .toBuffer();
      const res = await small.call('POST', '/api/v1/brand/cities/hn/sources', {
        token: tok,
        body: { fileName: 'big.png', contentBase64: noisy.toString('base64') },
      });
      expect(res.status).toBe(413);
      expect((await errorOf(res)).code).toBe('BRAND_UPLOAD_TOO_LARGE');
    } finally {
      small.close();
    }
  });

  it('needs brand.edit-locked on the city', async () => {
    const unitEditor = await t.login('brand-branch', [{ role: 'brand-editor', orgId: 'hn-cn01' }]);
    const res = await upload(svg('<circle r="4"/>'), 'x.svg', unitEditor);
    expect(res.status).toBe(403);
  });
});
