/** Pair a screen through the real API, as a screen and a staff member would. */
import { pairingPollSchema, pairingStartSchema } from '../../../displays/shared/protocol.js';
import { http } from './screen-client.js';

export async function pairScreen(
  base: string,
  staffToken: string,
  bind: { siteId: string; zoneId: string; profile: string; name: string; counter?: number; screenId?: string },
): Promise<{ screenId: string; token: string }> {
  const start = pairingStartSchema.parse(await (await http(base, 'POST', '/api/v1/display/pairing')).json());
  const claim = await http(base, 'POST', '/api/v1/screens/claim', {
    token: staffToken,
    body: { code: start.code, ...bind },
  });
  if (claim.status !== 201) throw new Error(`claim failed: ${claim.status} ${await claim.text()}`);
  const poll = pairingPollSchema.parse(
    await (
      await http(base, 'GET', `/api/v1/display/pairing/${start.pairingId}`, {
        headers: { 'x-pairing-secret': start.pollSecret },
      })
    ).json(),
  );
  if (poll.status !== 'paired') throw new Error(`not paired: ${poll.status}`);
  return { screenId: poll.screenId, token: poll.token };
}
