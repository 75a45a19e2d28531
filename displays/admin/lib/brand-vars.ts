/**
 * The console wears the brand: the kit's colour tokens become the CSS custom properties that
 * `displays/shared/theme.ts` reads (`--brand-primary`…). Unknown or malformed values are skipped.
 */
const HEX = /^#[0-9a-fA-F]{6}$/;

/** Kit token name → console custom property. */
export const TOKEN_VARS: Readonly<Record<string, string>> = {
  primary: '--brand-primary',
  onPrimary: '--brand-on-primary',
  accent: '--brand-accent',
  paper: '--brand-surface',
  surface: '--brand-background',
  ink: '--brand-text',
};

export function brandCssVars(colors: Readonly<Record<string, unknown>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [token, cssVar] of Object.entries(TOKEN_VARS)) {
    const v = colors[token];
    if (typeof v === 'string' && HEX.test(v)) out[cssVar] = v;
  }
  return out;
}
