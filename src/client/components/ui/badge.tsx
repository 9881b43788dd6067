import type { HTMLAttributes } from 'react';

export type BadgeTone = 'neutral' | 'success' | 'warning' | 'danger' | 'info';

const tones: Record<BadgeTone, string> = {
  neutral: 'bg-slate-100 text-slate-700 ring-slate-300',
  success: 'bg-emerald-50 text-emerald-800 ring-emerald-300',
  warning: 'bg-amber-50 text-amber-900 ring-amber-300',
  danger: 'bg-rose-50 text-rose-800 ring-rose-300',
  info: 'bg-white text-slate-700 ring-slate-300',
};

export interface BadgeProps extends HTMLAttributes<HTMLSpanElement> {
  tone?: BadgeTone;
  'data-testid'?: string;
  'data-status'?: string;
}

export function Badge({ tone = 'neutral', className = '', ...rest }: BadgeProps) {
  return <span className={`inline-flex items-center gap-1 rounded px-1.5 py-px text-xs font-medium whitespace-nowrap ring-1 ring-inset ${tones[tone]} ${className}`} {...rest} />;
}
