import type { BusinessNumber, Contact } from '../../../shared/agent-api.ts';

/** What every section of the pre-dial panel renders from. */
export interface PreCallPanelProps {
  contact: Contact;
  line: BusinessNumber;
  /** The policy clock: `eligibility.now` advanced by the browser's clock since the fetch. */
  now: number;
}
