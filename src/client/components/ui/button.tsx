import type { ButtonHTMLAttributes, ReactNode, Ref } from 'react';

export type ButtonVariant = 'primary' | 'danger' | 'secondary' | 'ghost';

const variants: Record<ButtonVariant, string> = {
  primary: 'bg-emerald-700 text-white hover:bg-emerald-800 disabled:bg-slate-300 disabled:text-slate-600',
  danger: 'bg-rose-700 text-white hover:bg-rose-800 disabled:bg-slate-300 disabled:text-slate-600',
  secondary: 'border border-slate-300 bg-white text-slate-800 hover:bg-slate-50 disabled:border-slate-200 disabled:bg-slate-100 disabled:text-slate-500 aria-pressed:border-slate-800 aria-pressed:bg-slate-800 aria-pressed:text-white',
  ghost: 'text-slate-700 hover:bg-slate-200/70 disabled:text-slate-500',
};

const sizes = { sm: 'h-7 gap-1 px-2 text-xs', md: 'h-8 gap-1.5 px-3 text-sm', lg: 'h-10 gap-2 px-4 text-sm' } as const;

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  size?: keyof typeof sizes;
  icon?: ReactNode;
  /** Keyboard shortcut shown as a hint and announced via aria-keyshortcuts. */
  shortcut?: string;
  ref?: Ref<HTMLButtonElement>;
}

export function Button({ variant = 'secondary', size = 'md', icon, shortcut, className = '', children, type = 'button', ...rest }: ButtonProps) {
  return (
    <button
      type={type}
      aria-keyshortcuts={shortcut}
      className={`inline-flex shrink-0 items-center justify-center rounded-md font-medium whitespace-nowrap disabled:cursor-not-allowed ${variants[variant]} ${sizes[size]} ${className}`}
      {...rest}
    >
      {icon}
      {children}
      {shortcut && <Kbd className="ml-1">{shortcut}</Kbd>}
    </button>
  );
}

/** A key cap. Hidden from assistive tech: the shortcut is announced through aria-keyshortcuts. */
export function Kbd({ children, className = '' }: { children: ReactNode; className?: string }) {
  return (
    <kbd
      aria-hidden="true"
      className={`inline-flex h-4 min-w-4 items-center justify-center rounded border border-current/40 px-1 font-sans text-[10px] leading-none font-semibold opacity-80 ${className}`}
    >
      {children}
    </kbd>
  );
}
