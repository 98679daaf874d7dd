/**
 * Python source text for the exported scripts: literals that read back exactly (numbers keep every digit
 * JavaScript needs to round-trip them), identifiers that are valid and distinct, and long lists wrapped at a
 * readable width.
 */

/** A float literal that Python parses to the same double (integers keep a `.0` so that PyNN sees floats). */
export function pyFloat(x: number): string {
  if (Number.isNaN(x)) return "float('nan')";
  if (x === Infinity) return "float('inf')";
  if (x === -Infinity) return "-float('inf')";
  const text = String(x);
  return /[.eE]/.test(text) ? text : `${text}.0`;
}

/** A number rounded to `digits` significant digits, for values that come out of unit conversions (0.2 not 0.20000000000000001). */
export function pyRounded(x: number, digits = 12): string {
  return pyFloat(Number(x.toPrecision(digits)));
}

export function pyInt(x: number): string {
  return String(Math.trunc(x));
}

/** A Python string literal (single-quoted unless the text has single quotes only). */
export function pyString(s: string): string {
  const escaped = s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
  // Double quotes when that avoids escaping, as a person would write it.
  if (s.includes("'") && !s.includes('"')) return `"${escaped}"`;
  return `'${escaped.replace(/'/g, "\\'")}'`;
}

const PYTHON_KEYWORDS = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else',
  'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise',
  'return', 'try', 'while', 'with', 'yield',
  // Names the scripts themselves use at module level.
  'sim', 'pynn', 'json', 'sys', 'main', 'Sequence', 'textwrap',
]);

/** Gives every source name a distinct valid Python identifier (`drive->cell` -> `drive_cell`). */
export class Identifiers {
  private readonly used = new Set<string>();
  private readonly byName = new Map<string, string>();

  constructor(reserved: Iterable<string> = []) {
    for (const r of reserved) this.used.add(r);
  }

  get(name: string, prefix = ''): string {
    const key = `${prefix}\u0000${name}`;
    const known = this.byName.get(key);
    if (known) return known;
    let base = (prefix + name).replace(/->/g, '_').replace(/[^A-Za-z0-9_]/g, '_').replace(/_+/g, '_').replace(/^_+|_+$/g, '');
    if (base === '' || /^[0-9]/.test(base)) base = `p_${base}`;
    if (PYTHON_KEYWORDS.has(base)) base = `${base}_`;
    let candidate = base;
    for (let k = 2; this.used.has(candidate); k++) candidate = `${base}_${k}`;
    this.used.add(candidate);
    this.byName.set(key, candidate);
    return candidate;
  }
}

/**
 * A list literal of already formatted items, wrapped to lines of at most `width` characters, each continuation
 * line indented by `indent` spaces. Short lists stay on one line.
 */
export function pyList(items: readonly string[], indent: number, width = 110): string {
  if (items.length === 0) return '[]';
  const oneLine = `[${items.join(', ')}]`;
  if (oneLine.length + indent <= width) return oneLine;
  const pad = ' '.repeat(indent + 4);
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    if (line !== '' && pad.length + line.length + item.length + 2 > width) {
      lines.push(line.trimEnd());
      line = '';
    }
    line += `${item}, `;
  }
  if (line !== '') lines.push(line.trimEnd());
  return `[\n${lines.map((l) => pad + l).join('\n')}\n${' '.repeat(indent)}]`;
}
