/**
 * The WebSocket floor: the same bare node:http server as the SSE floor (floor.ts: token Map,
 * static manifest with ETag over GET, POST ack), but the push channel is a WebSocket (`ws`) on
 * /api/v1/display/ws, the token in the upgrade request's Authorization header. On connect a
 * screen gets `hello` and `manifest{reason:"resync"}`; a publish sends every socket
 * `manifest{reason:"release"}`, one buffer for all. Args: tokens file.
 */
import { WebSocketServer, type WebSocket } from 'ws';
import { startFloor } from './floor.js';

/** Refuse an upgrade with a bare HTTP status, as the SSE floor answers a refused request. */
function refuse(socket: { end(data: string): void }, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
}

startFloor('ws-baseline-publish', (server, screenOf) => {
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, clientTracking: false });
  const sockets = new Set<WebSocket>();
  let seq = 0;
  server.on('upgrade', (req, socket, head) => {
    if (screenOf(req) === undefined) return refuse(socket, '401 Unauthorized');
    if (req.url !== '/api/v1/display/ws') return refuse(socket, '404 Not Found');
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.send('{"type":"hello"}');
      ws.send(`{"type":"manifest","reason":"resync","id":${seq}}`);
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      // A peer that resets its socket: 'close' follows, nothing else to do.
      ws.on('error', () => undefined);
    });
  });
  return {
    connected: () => sockets.size,
    broadcast: () => {
      const message = Buffer.from(`{"type":"manifest","reason":"release","id":${++seq}}`);
      for (const ws of sockets) ws.send(message, { binary: false });
    },
  };
});
