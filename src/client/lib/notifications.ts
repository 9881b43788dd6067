/**
 * The one place errors and notices reach the agent: a small vanilla store rendered by
 * `<ToastRegion>`. Errors stay until dismissed (an agent on a call may look away); notices fade.
 */
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import { AppError } from '../../shared/errors.ts';

export type Tone = 'error' | 'warning' | 'success' | 'info';

export interface Notice {
  id: number;
  tone: Tone;
  title: string;
  message?: string;
}

interface NotificationsState {
  notices: Notice[];
}

export const notifications = createStore<NotificationsState>()(() => ({ notices: [] }));

/** Why 6 s: enough to read two short lines; errors are never timed out. */
const NOTICE_MS = 6000;
/** Keeps a burst of failures from burying the screen. */
const MAX_NOTICES = 4;
let nextId = 1;

export function notify(notice: Omit<Notice, 'id'>): number {
  const id = nextId++;
  notifications.setState((s) => ({ notices: [...s.notices, { ...notice, id }].slice(-MAX_NOTICES) }));
  if (notice.tone !== 'error') setTimeout(() => dismissNotice(id), NOTICE_MS);
  return id;
}

export function dismissNotice(id: number): void {
  notifications.setState((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
}

/** Turns any thrown value into an error notice. */
export function notifyError(title: string, err: unknown): void {
  const message = err instanceof AppError || err instanceof Error ? err.message : undefined;
  notify({ tone: 'error', title, ...(message ? { message } : {}) });
}

export const useNotices = () => useStore(notifications, (s) => s.notices);
