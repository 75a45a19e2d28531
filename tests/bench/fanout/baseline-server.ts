/**
 * The SSE floor: a bare node:http SSE broadcast server with the same three endpoints and token
 * check (a Map), a static manifest with ETag, and acks (floor.ts). Args: tokens file.
 */
import type http from 'node:http';
import { startFloor } from './floor.js';

startFloor('baseline-publish', () => {
  const streams = new Set<http.ServerResponse>();
  let seq = 0;
  return {
    connected: () => streams.size,
    broadcast: () => {
      const frame = `id: ${++seq}\nevent: manifest\ndata: {"type":"manifest","reason":"release"}\n\n`;
      for (const s of streams) s.write(frame);
    },
    request: (req, res) => {
      if (req.url !== '/api/v1/display/stream') return false;
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      res.write(
        `event: hello\ndata: {"type":"hello"}\n\nid: ${seq}\nevent: manifest\ndata: {"type":"manifest","reason":"resync"}\n\n`,
      );
      streams.add(res);
      res.on('close', () => streams.delete(res));
      return true;
    },
  };
});
