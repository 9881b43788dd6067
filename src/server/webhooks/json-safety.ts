/**
 * Guards for signed bodies that are well-formed but hostile or broken: nesting deep enough to
 * exhaust a recursive walker, and strings PostgreSQL will not store (NUL, lone UTF-16 surrogates
 * in jsonb). The raw bytes are kept as they came (bytea); what we parse and store is cleaned.
 */

/** Deepest nesting of arrays and objects in JSON text, counted without parsing (strings skipped). */
export function jsonDepth(text: string, stopAt = Infinity): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > stopAt) return deepest;
    } else if (c === 125 || c === 93) depth--;
  }
  return deepest;
}

// eslint-disable-next-line no-control-regex -- finding NUL is the point
const unsafe = /[\u0000\ud800-\udfff]/;
const replacement = '\ufffd';

/** The string without NULs and lone surrogates (each becomes U+FFFD); well-formed pairs stay. */
export function cleanString(s: string): string {
  if (!unsafe.test(s)) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0) out += replacement;
    else if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) { out += s[i]! + s[i + 1]!; i++; } else out += replacement;
    } else if (c >= 0xdc00 && c <= 0xdfff) out += replacement;
    else out += s[i]!;
  }
  return out;
}

/** A deep copy of parsed JSON with every string and key cleaned. Call only after `jsonDepth` bounded it. */
export function cleanJson(value: unknown): unknown {
  if (typeof value === 'string') return cleanString(value);
  if (Array.isArray(value)) return value.map(cleanJson);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[cleanString(k)] = cleanJson(v);
    return out;
  }
  return value;
}

/** A bounded, single-line excerpt of any text for logs: never a whole body. */
export function excerpt(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length <= max ? flat : `${flat.slice(0, max)}… (${text.length} chars)`;
}
