/**
 * Ringside's metrics, defined in one place, each recorded by one small function. The HTTP edge
 * records requests, webhook receipt/rejection/ack latency, sign-ins and policy refusals (every
 * refusal reaches the agent as a `policy_refused` error); the Graph client reports each call to
 * Meta; the webhook pipeline reports what it applied and which deliveries were duplicates.
 * Gauges (live calls, event streams) are read at scrape time by `ops-routes.ts`.
 */
import { createRegistry, type GaugeSample } from './prometheus.ts';

const latencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export type WebhookRejection = 'signature' | 'malformed' | 'too_large' | 'bad_request' | 'error';
export type GraphOutcome = 'ok' | 'refused' | 'failed';
export type SignInOutcome = 'ok' | 'wrong_credentials' | 'rate_limited';

export function createMetrics() {
  const registry = createRegistry();
  const http = registry.counter<'method' | 'route' | 'status'>('ringside_http_requests_total', 'HTTP requests answered, by method, route pattern and status.');
  const httpSeconds = registry.histogram<'method' | 'route'>('ringside_http_request_duration_seconds', 'Time to answer HTTP requests (event streams excluded).', latencyBuckets);
  const webhooksReceived = registry.counter<never>('ringside_webhooks_received_total', 'Webhook deliveries received from Meta (any outcome).');
  const webhooksRejected = registry.counter<'reason'>('ringside_webhooks_rejected_total', 'Webhook deliveries refused: bad signature, malformed, too large, or a server error.');
  const webhookAck = registry.histogram<never>('ringside_webhook_ack_seconds', 'Time from receiving a webhook delivery to answering Meta.', latencyBuckets);
  const webhooksApplied = registry.counter<'field'>('ringside_webhook_events_applied_total', 'Webhook events applied, by field (calls, messages, account_update…).');
  const webhookDuplicates = registry.counter<never>('ringside_webhook_duplicates_total', 'Webhook deliveries already seen (Meta retries), acknowledged without effect.');
  const graph = registry.counter<'operation' | 'outcome'>('ringside_graph_requests_total', 'Graph API requests by operation and outcome (ok, refused by Meta, failed: unreachable or bad answer).');
  const graphSeconds = registry.histogram<'operation'>('ringside_graph_request_duration_seconds', 'Graph API request latency by operation.', latencyBuckets);
  const refusals = registry.counter<'code'>('ringside_policy_refusals_total', "Actions refused by the calling policy before reaching Meta, by Meta's code.");
  const signIns = registry.counter<'outcome'>('ringside_sign_ins_total', 'Sign-in attempts by outcome.');
  const startedAt = Date.now() / 1000;
  registry.gauge('process_resident_memory_bytes', 'Resident memory of this server process.', () => [{ labels: {}, value: process.memoryUsage().rss }]);
  registry.gauge('process_start_time_seconds', 'When this server process started (Unix seconds).', () => [{ labels: {}, value: startedAt }]);

  return {
    render: registry.render,
    /** A gauge computed when scraped. */
    gauge: (name: string, help: string, collect: () => GaugeSample[] | Promise<GaugeSample[]>) => registry.gauge(name, help, collect),

    httpRequest(method: string, route: string, status: number, seconds: number) {
      http.inc({ method, route, status: String(status) });
      httpSeconds.observe({ method, route }, seconds);
    },
    /** One delivery answered on the webhook route (recorded by the HTTP edge from the status). */
    webhookAnswered(status: number, seconds: number) {
      webhooksReceived.inc({});
      webhookAck.observe({}, seconds);
      const reason: WebhookRejection | null = status < 400 ? null : status === 401 ? 'signature' : status === 413 ? 'too_large' : status === 400 ? 'malformed' : status >= 500 ? 'error' : 'bad_request';
      if (reason) webhooksRejected.inc({ reason });
    },
    /** For the webhook pipeline: one event applied to calls or the ledger. */
    webhookApplied(field: string) {
      webhooksApplied.inc({ field });
    },
    /** For the webhook pipeline: a delivery seen before. */
    webhookDuplicate() {
      webhookDuplicates.inc({});
    },
    graphRequest(o: { operation: string; outcome: GraphOutcome; seconds: number }) {
      graph.inc({ operation: o.operation, outcome: o.outcome });
      graphSeconds.observe({ operation: o.operation }, o.seconds);
    },
    policyRefused(code: number | undefined) {
      refusals.inc({ code: code === undefined ? 'none' : String(code) });
    },
    signIn(outcome: SignInOutcome) {
      signIns.inc({ outcome });
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
