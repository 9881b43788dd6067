/**
 * The fault switches of `GET|PUT /_sim/faults` in one place: duplicate and reordered webhook
 * deliveries (held by the webhook sender) and the injected Graph errors.
 */
import type { SimFaults, SimFaultsPatch } from '../shared/sim-api-faults.ts';
import type { GraphErrorInjections } from './graph-faults.ts';
import { seededRandom } from './random.ts';
import type { WebhookSender } from './webhook-sender.ts';

/** The reorder fault's delay bound when none is given (real ms). */
export const defaultReorderMaxDelayMs = 300;

export interface FaultControl {
  view(): SimFaults;
  /** Applies a patch; returns the whole fault state. */
  apply(patch: SimFaultsPatch): SimFaults;
  /** Back to no faults at all. */
  clear(): void;
  /** Puts back a state `view` returned (state file). */
  restore(state: SimFaults): void;
}

export function createFaultControl(webhooks: WebhookSender, graphErrors: GraphErrorInjections, changed: () => void): FaultControl {
  const unseeded = webhooks.random;
  const reorder = { on: false, maxDelayMs: defaultReorderMaxDelayMs, seed: null as number | null };

  const view = (): SimFaults => ({
    duplicate_webhooks: webhooks.duplicate,
    reorder_webhooks: reorder.on,
    reorder_max_delay_ms: reorder.maxDelayMs,
    reorder_seed: reorder.seed,
    graph_errors: graphErrors.view(),
  });

  function apply(patch: SimFaultsPatch): SimFaults {
    if (patch.duplicate_webhooks !== undefined) webhooks.duplicate = patch.duplicate_webhooks;
    if (patch.reorder_webhooks !== undefined) reorder.on = patch.reorder_webhooks;
    if (patch.reorder_max_delay_ms !== undefined) reorder.maxDelayMs = patch.reorder_max_delay_ms;
    if (patch.reorder_seed !== undefined) {
      reorder.seed = patch.reorder_seed;
      webhooks.random = patch.reorder_seed === null ? unseeded : seededRandom(patch.reorder_seed);
    }
    webhooks.reorder = reorder.on ? { maxDelayMs: reorder.maxDelayMs } : null;
    if (patch.graph_errors !== undefined) graphErrors.set(patch.graph_errors);
    changed();
    return view();
  }

  return {
    view,
    apply,
    clear: () => apply({ duplicate_webhooks: false, reorder_webhooks: false, reorder_max_delay_ms: defaultReorderMaxDelayMs, reorder_seed: null, graph_errors: [] }),
    restore(state) {
      const { graph_errors: pending, ...switches } = state;
      apply(switches);
      graphErrors.restore(pending);
    },
  };
}
