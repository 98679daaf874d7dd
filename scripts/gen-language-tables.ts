/**
 * Writes the parameter tables of docs/language.md from the catalogue (server/language/parameters.ts), between
 * the markers `<!-- tables:begin -->` and `<!-- tables:end -->`. Run: `npx tsx scripts/gen-language-tables.ts`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  COMPARTMENT_KINDS,
  COMPARTMENT_RECORD_VARIABLES,
  CONVERTER_INFO,
  CONNECTORS,
  EXPERIMENT_PARAMETERS,
  POPULATION_TYPES,
  PROJECTION_PARAMETERS,
  RECORD_VARIABLES,
  STIMULUS_PARAMETERS,
  STIMULUS_TYPES,
  type ParameterSpec,
} from '../server/language/parameters';
import { INTERNAL_UNIT, UNITS, formatQuantity } from '../server/language/units';

function allowed(p: ParameterSpec): string {
  if (p.form === 'choice') return (p.choices ?? []).join(', ');
  if (p.form === 'boolean') return 'true, false';
  if (p.form === 'connector') return 'see Connectors';
  if (p.form === 'name') return 'a compartment of the same neuron type';
  const f = (v: number) => formatQuantity(v, p.dimension);
  const whole = p.form === 'integer' ? 'whole number' : '';
  let range = '';
  if (p.min !== undefined && p.max !== undefined) range = `${f(p.min)} .. ${f(p.max)}`;
  else if (p.min !== undefined) range = `${p.minExclusive ? '>' : '>='} ${f(p.min)}`;
  else if (p.max !== undefined) range = `${p.maxExclusive ? '<' : '<='} ${f(p.max)}`;
  return [whole, range].filter(Boolean).join(', ') || 'any';
}

function table(params: readonly ParameterSpec[]): string {
  const rows = params.map((p) => {
    const dim = p.dimension === 'dimensionless' ? (p.form === 'quantity' || p.form === 'integer' ? 'number' : p.form.replace('_', ' ')) : `${p.dimension} (${INTERNAL_UNIT[p.dimension]})`;
    return `| \`${p.name}\` | ${dim} | ${p.defaultText} | ${allowed(p)} | ${p.description} |`;
  });
  return ['| parameter | dimension | default | allowed | meaning |', '|---|---|---|---|---|', ...rows].join('\n');
}

function renderTables(): string {
  const parts: string[] = [];
  parts.push('### `experiment`\n\n' + table(EXPERIMENT_PARAMETERS));
  for (const t of POPULATION_TYPES) parts.push(`### \`${t.name}\` (${t.kind})\n\n${t.description}\n\n${table(t.parameters)}`);
  for (const k of COMPARTMENT_KINDS) {
    parts.push(
      `### \`compartment NAME : ${k.name}\` (in a \`neuron\` type)\n\n${k.description} Recordable: ${COMPARTMENT_RECORD_VARIABLES[k.name].map((v) => `\`${v}\``).join(', ')}.\n\n${table(k.parameters)}`,
    );
  }
  parts.push('### `projection`\n\n' + table(PROJECTION_PARAMETERS));
  for (const t of STIMULUS_TYPES) parts.push(`### \`${t.name}\` (stimulus)\n\n${t.description}\n\n${table(STIMULUS_PARAMETERS[t.name])}`);
  parts.push(
    '### Connectors\n\n| connector | meaning |\n|---|---|\n' +
      CONNECTORS.map((c) => `| \`${c.syntax}\` | ${c.description}${c.argument ? ` \`${c.argument.name}\`: ${c.argument.description}.` : ''} |`).join('\n'),
  );
  parts.push(
    '### Record variables\n\n| variable | recordable from | meaning |\n|---|---|---|\n' +
      RECORD_VARIABLES.map((v) => `| \`${v.name}\` | ${v.neuronsOnly ? 'neuron populations' : 'every population'} | ${v.description} |`).join('\n'),
  );
  parts.push(
    '### Converters\n\n| after `@` | converter |\n|---|---|\n' + CONVERTER_INFO.map((c) => `| \`${c.name}\` | ${c.description} |`).join('\n'),
  );
  parts.push(
    '### Units\n\n| unit | name | dimension | value in internal units |\n|---|---|---|---|\n' +
      UNITS.map((u) => `| \`${u.symbol}\` | ${u.name} | ${u.dimension} | 1 ${u.symbol} = ${u.exponent === 0 ? '1' : `1e${u.exponent}`} ${INTERNAL_UNIT[u.dimension]} |`).join('\n'),
  );
  return parts.join('\n\n');
}

/** docs/language.md with its tables regenerated from the catalogue (the text around the markers is kept). */
export function withLanguageTables(doc: string): string {
  const begin = '<!-- tables:begin -->';
  const end = '<!-- tables:end -->';
  const i = doc.indexOf(begin);
  const j = doc.indexOf(end);
  if (i < 0 || j < i) throw new Error('docs/language.md has no table markers');
  return `${doc.slice(0, i + begin.length)}\n\n${renderTables()}\n\n${doc.slice(j)}`;
}

export const LANGUAGE_DOC = join(__dirname, '..', 'docs', 'language.md');

if (require.main === module) {
  writeFileSync(LANGUAGE_DOC, withLanguageTables(readFileSync(LANGUAGE_DOC, 'utf8')));
  console.log('docs/language.md: tables written');
}
