/**
 * What the browser downloads, measured on the production build (`npm run build`): the first load is
 * what index.html names plus the entry's static imports and CSS (Vite's manifest); every other chunk loads
 * lazily. Sizes are gzipped, as served.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

interface ManifestChunk {
  file: string;
  name?: string;
  isEntry?: boolean;
  imports?: string[];
  css?: string[];
}

export interface Asset {
  file: string;
  gzipBytes: number;
}

export interface BundleReport {
  firstLoad: Asset[];
  lazy: Asset[];
  firstLoadBytes: number;
  lazyBytes: number;
}

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

export function measureBundle(dir = 'dist/client'): BundleReport {
  const manifest = JSON.parse(readFileSync(join(dir, '.vite/manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  const asset = (file: string): Asset => ({ file, gzipBytes: gzipSync(readFileSync(join(dir, file))).length });
  const first = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || first.has(chunk.file)) return;
    first.add(chunk.file);
    chunk.css?.forEach((css) => first.add(css));
    chunk.imports?.forEach(visit);
  };
  Object.entries(manifest).filter(([, c]) => c.isEntry).forEach(([key]) => visit(key));
  // Whatever index.html itself names (scripts, styles, modulepreload links) is first load too.
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  for (const [, file] of html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)) first.add(file!);
  const all = new Set(Object.values(manifest).flatMap((c) => [c.file, ...(c.css ?? [])]));
  const firstLoad = [...first].map(asset);
  const lazy = [...all].filter((f) => !first.has(f)).map(asset);
  const sum = (assets: Asset[]) => assets.reduce((n, a) => n + a.gzipBytes, 0);
  return { firstLoad, lazy, firstLoadBytes: sum(firstLoad), lazyBytes: sum(lazy) };
}
