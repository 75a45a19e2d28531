/**
 * The consoles' look, in the brand's own tokens: CSS custom properties with the default kit's
 * values as fallbacks, so a console follows the city's palette once the brand kit sets them.
 */
import { css } from 'lit';

export const themeStyles = css`
  :host {
    --hcpv-primary: var(--brand-primary, #0b4f8a);
    --hcpv-primary-contrast: var(--brand-on-primary, #ffffff);
    --hcpv-accent: var(--brand-accent, #c8102e);
    --hcpv-surface: var(--brand-surface, #ffffff);
    --hcpv-background: var(--brand-background, #f3f5f8);
    --hcpv-text: var(--brand-text, #14213d);
    --hcpv-muted: #5b6475;
    --hcpv-border: #d5dbe4;
    --hcpv-ok: #1b7f3b;
    --hcpv-warn: #9a6700;
    --hcpv-danger: #b3261e;
    --hcpv-radius: 8px;
    font-family: 'Be Vietnam Pro', system-ui, sans-serif;
    color: var(--hcpv-text);
  }
  button,
  input,
  select,
  textarea {
    font: inherit;
  }
  button {
    cursor: pointer;
    border: 1px solid var(--hcpv-primary);
    background: var(--hcpv-primary);
    color: var(--hcpv-primary-contrast);
    border-radius: var(--hcpv-radius);
    padding: 0.45rem 0.9rem;
  }
  button.secondary {
    background: transparent;
    color: var(--hcpv-primary);
  }
  button.danger {
    background: var(--hcpv-danger);
    border-color: var(--hcpv-danger);
  }
  button:disabled {
    opacity: 0.5;
    cursor: not-allowed;
  }
  button:focus-visible,
  input:focus-visible,
  select:focus-visible,
  textarea:focus-visible,
  a:focus-visible {
    outline: 3px solid var(--hcpv-accent);
    outline-offset: 2px;
  }
  input,
  select,
  textarea {
    border: 1px solid var(--hcpv-border);
    border-radius: var(--hcpv-radius);
    padding: 0.4rem 0.6rem;
    background: var(--hcpv-surface);
    color: var(--hcpv-text);
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  th,
  td {
    text-align: left;
    padding: 0.45rem 0.6rem;
    border-bottom: 1px solid var(--hcpv-border);
  }
  .error {
    color: var(--hcpv-danger);
  }
  .muted {
    color: var(--hcpv-muted);
  }
`;
