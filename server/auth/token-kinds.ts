/**
 * Bearer tokens of different principals are told apart by their prefix, so the auth middleware
 * never spends a session lookup on a screen's token: screen tokens (`hcpvs_…`) are never user
 * sessions, and session tokens are minted so that they never carry that prefix.
 */
export const SCREEN_TOKEN_PREFIX = 'hcpvs_';

export const isScreenToken = (token: string): boolean => token.startsWith(SCREEN_TOKEN_PREFIX);
