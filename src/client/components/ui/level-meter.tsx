/** An audio level meter that assistive tech can read (role="meter", integer aria-valuenow 0–100). */

export interface LevelMeterProps {
  label: string;
  level: number;
  className?: string;
  'data-testid'?: string;
}

export function LevelMeter({ label, level, className = '', ...rest }: LevelMeterProps) {
  const value = Math.round(Math.min(100, Math.max(0, level)));
  return (
    <div className={`flex flex-col gap-1 ${className}`}>
      <span className="text-xs text-slate-600" aria-hidden="true">
        {label}
      </span>
      <div
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={value}
        aria-valuetext={value === 0 ? 'silent' : `${value} percent`}
        className="h-2 overflow-hidden rounded-full bg-slate-200"
        {...rest}
      >
        <div className={`h-full rounded-full ${value > 85 ? 'bg-amber-500' : 'bg-emerald-600'}`} style={{ width: `${value}%` }} />
      </div>
    </div>
  );
}
