/** Page-level look shared by the console's pages (on top of the shared theme). */
import { css } from 'lit';

export const pageStyles = css`
  :host {
    display: block;
  }
  h1 {
    font-size: 1.5rem;
    font-weight: 700;
    margin: 0 0 1rem;
  }
  h2 {
    font-size: 1.1rem;
    font-weight: 600;
    margin: 1.5rem 0 0.5rem;
  }
  .card {
    background: var(--hcpv-surface);
    border: 1px solid var(--hcpv-border);
    border-radius: var(--hcpv-radius);
    padding: 1rem 1.25rem;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: 0.75rem;
    margin-bottom: 1rem;
  }
  label {
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
    font-size: 0.9rem;
    font-weight: 500;
  }
  a {
    color: var(--hcpv-primary);
  }
  /* A date field's calendar button is a tab stop of its own inside the field: ring the field. */
  input[type='datetime-local']:focus-within:not(:focus) {
    outline: 3px solid var(--hcpv-accent);
    outline-offset: 2px;
  }
  input[type='checkbox'],
  input[type='radio'] {
    accent-color: var(--hcpv-primary);
  }
  .hint {
    font-size: 0.8rem;
    font-weight: 400;
    color: var(--hcpv-muted);
  }
  th {
    font-size: 0.85rem;
    font-weight: 600;
    color: var(--hcpv-muted);
    background: var(--hcpv-background);
  }
  td {
    vertical-align: top;
  }
  .chip {
    display: inline-block;
    padding: 0.1rem 0.5rem;
    margin: 0 0.25rem 0.25rem 0;
    border-radius: 999px;
    background: var(--hcpv-background);
    border: 1px solid var(--hcpv-border);
    font-size: 0.8rem;
    white-space: nowrap;
  }
  .ok {
    color: var(--hcpv-ok);
  }
  .num {
    text-align: right;
    font-variant-numeric: tabular-nums;
  }
`;

/** Confirmation dialogs (opened with lib/dialog.ts openModal): a coloured top edge, buttons at the end. */
export const dialogStyles = css`
  dialog {
    border: none;
    border-top: 6px solid var(--dialog-accent, var(--hcpv-danger));
    border-radius: var(--hcpv-radius);
    padding: 1.5rem;
    max-width: 32rem;
    box-shadow: 0 10px 40px rgb(0 0 0 / 0.25);
    color: var(--hcpv-text);
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.4);
  }
  dialog h2 {
    margin-top: 0;
  }
  dialog .buttons {
    display: flex;
    justify-content: flex-end;
    gap: 0.75rem;
    margin-top: 1.25rem;
  }
`;
