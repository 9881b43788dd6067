/** Which business line the agent calls from; remembered per browser. */
import { useCallback, useState } from 'react';
import type { BusinessNumber } from '../../../shared/agent-api.ts';

const KEY = 'ringside.businessNumberId';

function read(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function useSelectedLine(lines: BusinessNumber[] | undefined): [BusinessNumber | null, (id: string) => void] {
  const [chosen, setChosen] = useState<string | null>(read);
  const select = useCallback((id: string) => {
    setChosen(id);
    try {
      localStorage.setItem(KEY, id);
    } catch {
      // storage disabled: the choice lasts for this page only
    }
  }, []);
  const line = lines?.find((l) => l.id === chosen) ?? lines?.[0] ?? null;
  return [line, select];
}
