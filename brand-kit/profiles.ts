/** Screen profiles of DESIGN.md: every rendition, layout and manifest is per profile. */
export const SCREEN_PROFILES = ['landscape-1080', 'portrait-1080', 'landscape-4k', 'counter-720'] as const;
export type ScreenProfile = (typeof SCREEN_PROFILES)[number];

export const PROFILE_SIZE: Readonly<Record<ScreenProfile, { width: number; height: number }>> = {
  'landscape-1080': { width: 1920, height: 1080 },
  'portrait-1080': { width: 1080, height: 1920 },
  'landscape-4k': { width: 3840, height: 2160 },
  'counter-720': { width: 1280, height: 720 },
};
