/**
 * A small Content-Security-Policy evaluator for the policies our pages carry (panels, the standalone report). Its
 * checks follow the findings of Google's csp-evaluator (Weichselbaum et al., "CSP Is Dead, Long Live CSP!",
 * CCS 2016): what lets injected markup run script (wildcards, schemes, 'unsafe-inline' and 'unsafe-eval' in
 * script-src, no object-src, no base-uri) rates high or medium; hardening that is missing rates low.
 * Directives that are absent fall back to default-src as browsers do (CSP Level 3, section 6.8).
 */

export type Severity = 'high' | 'medium' | 'low';

export interface CspFinding {
  severity: Severity;
  directive: string;
  /** A short, stable id (tests assert on it) and a sentence for people. */
  id: string;
  description: string;
}

export type ParsedCsp = Map<string, string[]>;

/** Directives as the browser reads them: names lower-cased, the first occurrence of a name wins. */
export function parseCsp(policy: string): ParsedCsp {
  const parsed: ParsedCsp = new Map();
  for (const part of policy.split(';')) {
    const tokens = part.trim().split(/\s+/).filter(Boolean);
    if (tokens.length === 0) continue;
    const name = tokens[0].toLowerCase();
    if (!parsed.has(name)) parsed.set(name, tokens.slice(1));
  }
  return parsed;
}

const FETCH_FALLBACK = 'default-src';

/** The sources that govern `directive` (its own, else default-src), or undefined when nothing restricts it. */
export function effectiveSources(csp: ParsedCsp, directive: string): string[] | undefined {
  return csp.get(directive) ?? csp.get(FETCH_FALLBACK);
}

const isNonce = (s: string): boolean => /^'nonce-[^']+'$/i.test(s);
const isHash = (s: string): boolean => /^'sha(256|384|512)-[^']+'$/i.test(s);
const isKeyword = (s: string, k: string): boolean => s.toLowerCase() === `'${k}'`;

export function evaluateCsp(policy: string): CspFinding[] {
  const csp = parseCsp(policy);
  const findings: CspFinding[] = [];
  const add = (severity: Severity, directive: string, id: string, description: string): void => {
    findings.push({ severity, directive, id, description });
  };

  const defaults = csp.get('default-src');
  if (!defaults) add('high', 'default-src', 'missing-default-src', "no default-src: every fetch directive not named is unrestricted; start from default-src 'none'");
  else if (!(defaults.length === 1 && isKeyword(defaults[0], 'none'))) add('medium', 'default-src', 'default-src-not-none', `default-src allows ${defaults.join(' ')}; start from 'none' and open each directive on its own`);

  const script = effectiveSources(csp, 'script-src');
  if (!script) {
    add('high', 'script-src', 'missing-script-src', 'no script-src and no default-src: any script runs');
  } else {
    const nonces = script.filter(isNonce);
    const hashes = script.filter(isHash);
    for (const s of script) {
      const lower = s.toLowerCase();
      if (lower === '*' || /^\*|:\/\/\*/.test(lower)) add('high', 'script-src', 'script-wildcard', `script-src ${s}: scripts from any host (or any subdomain) run`);
      else if (lower === 'http:' || lower === 'https:' || lower === 'data:' || lower === 'blob:' || lower === 'filesystem:') add('high', 'script-src', 'script-scheme', `script-src ${s}: scripts from any URL of that scheme run`);
      else if (/^http:\/\//.test(lower)) add('medium', 'script-src', 'script-plain-http', `script-src ${s}: scripts over plain HTTP can be replaced in transit`);
      else if (isKeyword(s, 'unsafe-inline') && nonces.length === 0 && hashes.length === 0) add('high', 'script-src', 'script-unsafe-inline', "script-src 'unsafe-inline': injected inline scripts and event handlers run");
      else if (isKeyword(s, 'unsafe-eval')) add('medium', 'script-src', 'script-unsafe-eval', "script-src 'unsafe-eval': strings become code (eval, new Function, setTimeout with a string)");
      else if (isKeyword(s, 'unsafe-hashes')) add('medium', 'script-src', 'script-unsafe-hashes', "script-src 'unsafe-hashes': event-handler attributes with a listed hash run");
      else if (isKeyword(s, 'self')) add('low', 'script-src', 'script-self', "script-src 'self': any script on the page's origin (uploads, JSONP) runs; prefer nonces");
    }
    if (nonces.length === 0 && hashes.length === 0) add('medium', 'script-src', 'missing-nonce', 'script-src names no nonce or hash: scripts are allowed by location only');
    for (const n of nonces) {
      const value = n.slice("'nonce-".length, -1);
      if (value.length < 22) add('medium', 'script-src', 'weak-nonce', `the nonce ${value.length < 4 ? value : value.slice(0, 4) + '…'} carries fewer than 128 bits`);
    }
  }

  const object = effectiveSources(csp, 'object-src');
  if (!object) add('high', 'object-src', 'missing-object-src', "no object-src (and no default-src): plugins may load script; set object-src 'none'");
  else if (!(object.length === 1 && isKeyword(object[0], 'none'))) add('medium', 'object-src', 'object-src-not-none', `object-src allows ${object.join(' ')}`);

  // base-uri does not fall back to default-src: without it an injected <base> redirects relative script URLs.
  const base = csp.get('base-uri');
  if (!base) add('medium', 'base-uri', 'missing-base-uri', "no base-uri: an injected <base href> moves every relative URL; set base-uri 'none'");
  else if (base.some((s) => s === '*' || /^https?:$/i.test(s))) add('medium', 'base-uri', 'base-uri-wildcard', `base-uri allows ${base.join(' ')}`);

  const style = effectiveSources(csp, 'style-src');
  if (style?.some((s) => isKeyword(s, 'unsafe-inline'))) add('low', 'style-src', 'style-unsafe-inline', "style-src 'unsafe-inline': injected styles apply (CSS can read attributes)");
  for (const d of ['style-src', 'img-src', 'font-src', 'connect-src', 'frame-src', 'media-src']) {
    const sources = effectiveSources(csp, d) ?? [];
    if (sources.some((s) => s === '*' || /^https?:$/i.test(s))) add('low', d, 'fetch-wildcard', `${d} ${sources.join(' ')}: loads from any host`);
  }
  if (!csp.get('form-action')) add('low', 'form-action', 'missing-form-action', "no form-action: an injected form can post anywhere; set form-action 'none'");
  for (const d of ['reflected-xss', 'referrer', 'plugin-types', 'block-all-mixed-content']) if (csp.has(d)) add('low', d, 'deprecated-directive', `${d} is deprecated and ignored`);
  return findings;
}

/** The policy of a page, from its `<meta http-equiv="Content-Security-Policy">` (HTML entities decoded). */
export function cspOfHtml(html: string): string | undefined {
  const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html);
  if (!meta) return undefined;
  return meta[1].replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
