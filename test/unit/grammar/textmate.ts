/**
 * Loads syntaxes/bss2.tmLanguage.json with the same TextMate engine VS Code uses (vscode-textmate on the
 * Oniguruma WebAssembly build) and tokenises whole documents, so that tests see exactly the scopes the
 * editor would show.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const GRAMMAR_PATH = path.join(REPO_ROOT, 'syntaxes', 'bss2.tmLanguage.json');
export const SCOPE_NAME = 'source.bss2';

/** The scopes of every UTF-16 code unit of one line, outermost first. */
export type LineScopes = string[][];

let grammarPromise: Promise<textmate.IGrammar> | undefined;

async function loadGrammar(): Promise<textmate.IGrammar> {
  const wasm = fs.readFileSync(path.join(path.dirname(require.resolve('vscode-oniguruma')), 'onig.wasm'));
  const onigLib = oniguruma
    .loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer)
    .then(() => ({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }));
  const registry = new textmate.Registry({
    onigLib,
    loadGrammar: async (scopeName) =>
      scopeName === SCOPE_NAME
        ? textmate.parseRawGrammar(fs.readFileSync(GRAMMAR_PATH, 'utf8'), GRAMMAR_PATH)
        : null,
  });
  const grammar = await registry.loadGrammar(SCOPE_NAME);
  if (!grammar) throw new Error(`${GRAMMAR_PATH} does not define ${SCOPE_NAME}`);
  return grammar;
}

export function grammar(): Promise<textmate.IGrammar> {
  grammarPromise ??= loadGrammar();
  return grammarPromise;
}

/** Splits like the language's lexer and LSP: `\r\n`, `\n` and a lone `\r` all end a line. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** Tokenises a document line by line, carrying the rule stack across lines as the editor does. */
export async function scopesOf(text: string): Promise<LineScopes[]> {
  const g = await grammar();
  let stack = textmate.INITIAL;
  return splitLines(text).map((line) => {
    const result = g.tokenizeLine(line, stack);
    stack = result.ruleStack;
    const scopes: LineScopes = new Array<string[]>(line.length);
    for (const token of result.tokens) {
      for (let i = token.startIndex; i < Math.min(token.endIndex, line.length); i++) scopes[i] = token.scopes;
    }
    return scopes;
  });
}

/** True when some scope of the list starts with `prefix` (a whole dotted segment, as themes match). */
export function hasScope(scopes: readonly string[] | undefined, prefix: string): boolean {
  return (scopes ?? []).some((s) => s === prefix || s.startsWith(prefix + '.'));
}
