/**
 * The `graph_errors` fault: rules that turn the next answers of a Graph endpoint (or one `/calls`
 * action) into one of Meta's errors, so a product can be tested against answers Meta gives rarely
 * (138004 connection error on connect, 613 on call_permissions…). The first matching rule spends
 * one of its answers; a spent rule goes away.
 */
import type { GraphErrorRule, SimFaults } from '../shared/sim-api-faults.ts';
import { isMetaErrorCode, metaErrorCatalog } from '../shared/meta-errors.ts';
import { GraphError } from './graph-errors.ts';

/** What a Graph request is: its endpoint, its `/calls` action, its business number. */
export interface GraphRequestKind {
  endpoint: 'calls' | 'messages' | 'call_permissions' | 'settings';
  action?: string;
  phoneNumberId: string;
}

interface PendingRule extends Omit<GraphErrorRule, 'times'> {
  remaining: number;
}

export class GraphErrorInjections {
  private rules: PendingRule[] = [];

  /** `changed` is told when a rule spends an answer (the state file's writer). */
  constructor(private readonly changed: () => void = () => {}) {}

  /** Replaces the pending rules. */
  set(rules: readonly GraphErrorRule[]): void {
    this.rules = rules.map(({ times, ...rule }) => ({ ...rule, remaining: times }));
  }

  /** Restores pending rules as `view` showed them (state file). */
  restore(rules: SimFaults['graph_errors']): void {
    this.rules = rules.flatMap((r) => (r.remaining > 0 && isMetaErrorCode(r.code) ? [{ ...r, code: r.code }] : []));
  }

  view(): SimFaults['graph_errors'] {
    return this.rules.map((r) => ({ ...r }));
  }

  /** The injected error for this request, spending one answer of the first matching rule; null when none matches. */
  take(request: GraphRequestKind): GraphError | null {
    const rule = this.rules.find((r) => matches(r, request));
    if (!rule) return null;
    rule.remaining--;
    if (rule.remaining <= 0) this.rules = this.rules.filter((r) => r !== rule);
    this.changed();
    return new GraphError(rule.code, rule.details ?? metaErrorCatalog[rule.code].title);
  }
}

function matches(rule: PendingRule, request: GraphRequestKind): boolean {
  const endpoint = rule.endpoint ?? 'calls';
  return endpoint === request.endpoint
    && (rule.action === undefined || rule.action === request.action)
    && (rule.phone_number_id === undefined || rule.phone_number_id === request.phoneNumberId);
}
