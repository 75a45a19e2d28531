/** Severity badges shared by the alarm list, the work-order board and the overview. */
import { css } from 'lit';

export const severityStyles = css`
  .sev {
    display: inline-block;
    border-radius: 999px;
    padding: 0.05rem 0.55rem;
    font-size: 0.78rem;
    font-weight: 700;
    color: #fff;
    white-space: nowrap;
  }
  .sev.critical {
    background: #8e0000;
  }
  .sev.major {
    background: #c62828;
  }
  .sev.minor {
    background: #e0a100;
    color: #14213d;
  }
  .sev.warning {
    background: #8a94a6;
  }
`;
