/**
 * The embedded MQTT broker (Aedes) on a TCP port. With MQTT_URL set the server uses an external
 * broker instead and this is not started. Device authentication and topic authorisation are
 * installed through `hooks` by the ingest layer.
 */
import { createServer, type AddressInfo, type Server } from 'node:net';
import { Aedes, type AedesOptions } from 'aedes';

export interface EmbeddedBroker {
  aedes: Aedes;
  server: Server;
  port: number;
  isReady(): boolean;
  close(): Promise<void>;
}

export type BrokerHooks = Pick<
  AedesOptions,
  'authenticate' | 'authorizePublish' | 'authorizeSubscribe' | 'authorizeForward'
>;

export async function startEmbeddedBroker(
  port: number,
  host: string,
  hooks: BrokerHooks = {},
): Promise<EmbeddedBroker> {
  const aedes = await Aedes.createBroker({ drainTimeout: 30_000, ...hooks });
  const server = createServer(aedes.handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address: AddressInfo | string | null = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    aedes,
    server,
    port: actualPort,
    isReady: () => server.listening && !aedes.closed,
    close: async () => {
      // Aedes first: it closes client connections, which server.close() would otherwise wait for.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      await closed;
    },
  };
}
