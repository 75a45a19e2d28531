/** Two brand release ids to roll out in tests. */
import type { TestApp } from '../../helpers/test-app.js';

export async function releasesForTest(t: TestApp): Promise<[string, string]> {
  void t;
  return Promise.resolve(['release-a', 'release-b']);
}
