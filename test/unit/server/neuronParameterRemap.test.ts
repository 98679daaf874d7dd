/**
 * Remapping only the neuron parameters after an edit of their values (server/mapper/index.ts
 * remapNeuronParameters, reached through analyzeDocument's `previous`): along chains of random edits of every
 * example and of the 2,000-line benchmark experiment, each result must equal a fresh full analysis of the same
 * text, diagnostics, resource report and chip configuration alike. Refractory times are the delicate case: the
 * two clocks of a backend block are shared by all its neurons, so one population's tau_refrac changes others'
 * counters; edits of every parameter, in range and far out of it (warnings and errors), are included.
 */
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { experimentOfLines } from '../../../bench/lspLatency';
import { analyzeDocument, type DocumentAnalysis } from '../../../server/analysis';
import { sameModel } from '../../../server/mappingReuse';

const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');

function visible(a: DocumentAnalysis): unknown {
  return { diagnostics: a.diagnostics, resources: a.resources, configuration: a.configuration };
}

/** Small deterministic generator (mulberry32), so that a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PARAMETER = /^(\s*)(tau_\w+|v_\w+|cm|a|b|delta_T|i_offset|e_rev_\w+|weight_scale)(\s*=\s*)(-?\d+(?:\.\d+)?)/;
const NUMBER = /-?\d+(?:\.\d+)?/g;

/** One random edit: mostly a neuron parameter's value (scaled, or far out of range), sometimes any number. */
function edit(text: string, next: () => number): string {
  const lines = text.split('\n');
  const parameterLines = lines.flatMap((l, i) => (PARAMETER.test(l) ? [i] : []));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  if (parameterLines.length > 0 && next() < 0.85) {
    const i = pick(parameterLines);
    lines[i] = lines[i].replace(PARAMETER, (_m, indent: string, name: string, eq: string, value: string) => {
      const v = Number(value);
      const factor = pick([0.5, 0.9, 1, 1.1, 1.5, 2, 10, 1000, -1]);
      const replacement = name === 'tau_refrac' && next() < 0.5 ? pick([0, 0.01, 0.5, 2, 5, 20, 80, 100000]) : Math.round(v * factor * 100) / 100;
      return `${indent}${name}${eq}${replacement}`;
    });
    return lines.join('\n');
  }
  const numbered = lines.flatMap((l, i) => (/\d/.test(l) ? [i] : []));
  const i = pick(numbered);
  let k = 0;
  const target = Math.floor(next() * (lines[i].match(NUMBER)?.length ?? 1));
  lines[i] = lines[i].replace(NUMBER, (m) => (k++ === target ? String(Math.round(Number(m) * pick([0, 0.5, 2, 3]))) : m));
  return lines.join('\n');
}

describe('language server: remapping only the neuron parameters after an edit', function () {
  this.timeout(120000);
  const files: Array<[string, string, number]> = [
    ...readdirSync(EXAMPLES).filter((f) => f.endsWith('.bss2')).map((f): [string, string, number] => [f, readFileSync(join(EXAMPLES, f), 'utf8'), 60]),
    ['bench 2,000 lines', experimentOfLines(2000), 25],
  ];
  let remapped = 0;

  for (const [name, original, edits] of files) {
    it(`gives a fresh full analysis's result along random edits of ${name}`, () => {
      const next = random(name.length * 7919 + edits);
      let text = original;
      let previous = analyzeDocument(text);
      for (let k = 0; k < edits; k++) {
        text = edit(text, next);
        const reused = analyzeDocument(text, {}, previous);
        const fresh = analyzeDocument(text);
        assert.deepEqual(visible(reused), visible(fresh), `${name}, edit ${k + 1}:\n${text}`);
        // The mapping's resource report is kept only by reuse; with a changed model, that is the remapping.
        const before = previous.analysis.experiment;
        const after = reused.analysis.experiment;
        if (reused.resources === previous.resources && before && after && !sameModel(before, after)) remapped++;
        // Edits that leave errors behind would make every later comparison one of error lists: start again.
        previous = reused.configuration || k % 5 !== 4 ? reused : analyzeDocument((text = original));
      }
    });
  }

  it('took the shortcut in many of those edits (so that the comparisons above test it)', () => {
    assert.ok(remapped >= 100, `remapped ${remapped} times`);
  });

  it('keeps a clean file clean and rebuilds only the neurons of its configuration', () => {
    const text = experimentOfLines(200);
    const before = analyzeDocument(text);
    assert.ok(before.configuration);
    const edited = text.replace('tau_m  = 20 ms', 'tau_m  = 21 ms');
    const after = analyzeDocument(edited, {}, before);
    assert.deepEqual(visible(after), visible(analyzeDocument(edited)));
    assert.equal(after.resources, before.resources, 'placement and routing were kept');
    assert.equal(after.configuration!.synapseRows, before.configuration!.synapseRows);
    assert.notDeepEqual(after.configuration!.neurons[0].tauMemUs, before.configuration!.neurons[0].tauMemUs);
  });
});
