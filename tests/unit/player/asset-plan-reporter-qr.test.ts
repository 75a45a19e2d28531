import { describe, expect, it } from 'vitest';
import QRCode from 'qrcode';
import { assetsToEvict, assetsToFetch, toHex } from '../../../displays/player/lib/asset-plan.js';
import { MAX_PLAYS, ReportBuffer } from '../../../displays/player/lib/reporter.js';
import { qrPath } from '../../../displays/player/lib/qr.js';

describe('atomic swap planning', () => {
  const a = { url: '/x/a.png', sha256: '1'.repeat(64) };
  const b = { url: '/x/b.png', sha256: '2'.repeat(64) };
  it('fetches only assets missing or cached with another digest, once each', () => {
    expect(assetsToFetch([a, b, a], new Map([[a.url, a.sha256]]))).toEqual([b]);
    expect(assetsToFetch([a], new Map([[a.url, '9'.repeat(64)]]))).toEqual([a]);
  });
  it('evicts what neither the shown nor the next manifest uses', () => {
    expect(assetsToEvict(['/x/a.png', '/x/b.png', '/x/old.png'], [[a], [b]])).toEqual(['/x/old.png']);
  });
  it('hex-encodes digests', () => {
    expect(toHex(new Uint8Array([0, 15, 255]).buffer)).toBe('000fff');
  });
});

describe('report buffer', () => {
  it('caps plays and errors, and puts back what failed to send', () => {
    const r = new ReportBuffer();
    for (let i = 0; i < MAX_PLAYS + 5; i++) r.addPlay({ item: `n${i}`, hash: null, startedAt: i, durationMs: 1000 });
    r.addPlay({ item: 'zero', hash: null, startedAt: 0, durationMs: 0 });
    expect(r.pendingPlays).toBe(MAX_PLAYS);
    expect(r.droppedPlays).toBe(5);
    const taken = r.takePlays();
    expect(taken[0]?.item).toBe('n5');
    expect(r.pendingPlays).toBe(0);
    r.restorePlays(taken);
    expect(r.pendingPlays).toBe(MAX_PLAYS);
    r.addError('x'.repeat(900));
    const errs = r.takeErrors();
    expect(errs[0]).toHaveLength(500);
    r.restoreErrors(errs);
    expect(r.takeErrors()).toHaveLength(1);
  });
});

describe('QR path', () => {
  it('draws exactly the dark modules of the code', () => {
    const qr = QRCode.create('https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc.html?ma=1.001193', {
      errorCorrectionLevel: 'M',
    });
    const { d, viewBox } = qrPath(qr.modules, 2);
    expect(viewBox).toBe(qr.modules.size + 4);
    let dark = 0;
    for (let r = 0; r < qr.modules.size; r++)
      for (let c = 0; c < qr.modules.size; c++) if (qr.modules.get(r, c)) dark++;
    const width = [...d.matchAll(/h(\d+)/g)].reduce((n, m) => n + Number(m[1]), 0);
    expect(width).toBe(dark);
  });
});
