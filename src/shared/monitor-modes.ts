/**
 * Monitoring modes and how the agent's page names them. No zod: the browser imports this module
 * (the schemas are in monitor-api.ts).
 */
export const monitorModes = ['listen', 'whisper', 'barge'] as const;
export type MonitorMode = (typeof monitorModes)[number];

/** What the agent's page shows: "Sam Supervisor is listening". */
export const monitorModeVerb: Record<MonitorMode, string> = { listen: 'listening', whisper: 'whispering', barge: 'barging in' };
