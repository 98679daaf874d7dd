/**
 * The BrainScaleS-2 export uses only names that exist in pynn-brainscales. The list below was extracted by
 * hand from electronicvisions/pynn-brainscales at commit fd4f9266a162bc84e40408d3692427b5b17d08bb
 * (2026-08-12), directory brainscales2/pynn_brainscales/brainscales2/:
 *   __init__.py                  setup, run, end, Population, Projection, Timer, PlasticityRule, the connectors
 *                                (imported from connectors.py), `cells`, `standardmodels`
 *   standardmodels/cells.py      HXNeuron, CalibHXNeuronCuba, CalibHXNeuronCoba (default_parameters, recordable),
 *                                SpikeSourceArray (spike_times), SpikeSourcePoisson (start, rate, duration),
 *                                SpikeSourcePoissonOnChip (rate, seed)
 *   standardmodels/synapses.py   StaticSynapse (weight), PlasticSynapse (weight, plasticity_rule)
 *   projections.py               receptor types excitatory/inhibitory, negative weights on inhibitory, no delay
 * Every `pynn.` reference of every exported example, and every keyword of the cell types, must be in it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportToPyNN } from '../../../server/export/pynn';

const PYNN_BRAINSCALES = {
  module: new Set([
    'pynn.setup', 'pynn.run', 'pynn.end', 'pynn.Population', 'pynn.Projection', 'pynn.Timer', 'pynn.PlasticityRule',
    'pynn.AllToAllConnector', 'pynn.OneToOneConnector', 'pynn.FixedProbabilityConnector', 'pynn.FixedNumberPreConnector',
    'pynn.FixedNumberPostConnector', 'pynn.FromListConnector',
    'pynn.cells.HXNeuron', 'pynn.cells.CalibHXNeuronCuba', 'pynn.cells.CalibHXNeuronCoba', 'pynn.cells.SpikeSourceArray',
    'pynn.cells.SpikeSourcePoisson', 'pynn.cells.SpikeSourcePoissonOnChip',
    'pynn.standardmodels.synapses.StaticSynapse', 'pynn.standardmodels.synapses.PlasticSynapse',
  ]),
  parameters: {
    CalibHXNeuronCuba: new Set(['v_rest', 'v_reset', 'v_thresh', 'tau_m', 'tau_syn_E', 'tau_syn_I', 'cm', 'tau_refrac', 'i_synin_gm_E', 'i_synin_gm_I', 'synapse_dac_bias']),
    CalibHXNeuronCoba: new Set(['v_rest', 'v_reset', 'v_thresh', 'tau_m', 'tau_syn_E', 'tau_syn_I', 'cm', 'tau_refrac', 'e_rev_E', 'e_rev_I', 'i_synin_gm_E', 'i_synin_gm_I', 'synapse_dac_bias']),
    SpikeSourceArray: new Set(['spike_times']),
    SpikeSourcePoisson: new Set(['start', 'rate', 'duration']),
    SpikeSourcePoissonOnChip: new Set(['rate', 'seed']),
    StaticSynapse: new Set(['weight']),
  } as Record<string, Set<string>>,
  recordable: new Set(['spikes', 'v', 'exc_synin', 'inh_synin', 'adaptation']),
  receptorTypes: new Set(['excitatory', 'inhibitory']),
};

const root = join(__dirname, '..', '..', '..');

/** Keyword names inside the parentheses that follow `name(`, up to the matching one. */
function keywordsOf(script: string, name: string): string[][] {
  const calls: string[][] = [];
  for (let at = script.indexOf(`${name}(`); at >= 0; at = script.indexOf(`${name}(`, at + 1)) {
    let depth = 0;
    let end = at + name.length;
    for (; end < script.length; end++) {
      if (script[end] === '(') depth++;
      else if (script[end] === ')' && --depth === 0) break;
    }
    const inner = script.slice(at + name.length + 1, end).replace(/#.*$/gm, '');
    const keys: string[] = [];
    let nested = 0;
    for (let i = 0; i < inner.length; i++) {
      const c = inner[i];
      if ('([{'.includes(c)) nested++;
      else if (')]}'.includes(c)) nested--;
      else if (nested === 0) {
        const m = /^([A-Za-z_][A-Za-z0-9_]*)=(?!=)/.exec(inner.slice(i));
        if (m && (i === 0 || /[\s,(]/.test(inner[i - 1]))) {
          keys.push(m[1]);
          i += m[0].length - 1;
        }
      }
    }
    calls.push(keys);
  }
  return calls;
}

describe('PyNN export: the BrainScaleS-2 script uses pynn-brainscales names only', () => {
  const scripts: Array<[string, string]> = [];
  for (const name of ['adaptation', 'ei_network', 'synfire']) {
    const r = exportToPyNN(readFileSync(join(root, 'examples', `${name}.bss2`), 'utf8'), { backend: 'brainscales2', fileName: `${name}.bss2` });
    assert.ok(r.script, `${name} exports to BrainScaleS-2`);
    scripts.push([name, r.script]);
  }
  const background = exportToPyNN(
    'experiment b { duration = 20 ms }\npopulation n : AdExCond[4]\npopulation bg : BackgroundPoisson[8] { rate = 50 Hz }\npopulation p : Poisson[4] { rate = 5 Hz }\n' +
      'projection bg -> n { connector = all_to_all, weight = 10, receptor = excitatory }\nprojection p -> n { connector = fixed_probability(0.5), weight = 10, receptor = excitatory }\nrecord n[0] : spikes, v\n',
    { backend: 'brainscales2', fileName: 'b.bss2', poisson: 'generators', connectivity: 'connectors' },
  );
  assert.ok(background.script, background.diagnostics.map((d) => d.message).join('\n'));
  scripts.push(['generators', background.script]);

  it('module attributes, cell types and synapse types exist', () => {
    for (const [name, script] of scripts) {
      const used = new Set(script.match(/\bpynn(?:\.[A-Za-z_][A-Za-z0-9_]*)+/g) ?? []);
      for (const reference of used) {
        if (/^pynn\.cells$|^pynn\.standardmodels(\.synapses)?$/.test(reference)) continue;
        assert.ok(PYNN_BRAINSCALES.module.has(reference), `${name}: ${reference} is not in pynn-brainscales`);
      }
      assert.ok(used.has('pynn.setup') && used.has('pynn.run') && used.has('pynn.end'));
    }
  });

  it('keyword arguments of cell types and synapses are their parameters', () => {
    let checked = 0;
    for (const [name, script] of scripts) {
      for (const [type, parameters] of Object.entries(PYNN_BRAINSCALES.parameters)) {
        for (const keys of keywordsOf(script, `.${type}`)) {
          for (const key of keys) assert.ok(parameters.has(key), `${name}: ${type} has no parameter ${key}`);
          checked += keys.length;
        }
      }
    }
    assert.ok(checked > 30, `checked ${checked} keyword arguments`);
  });

  it('recorded variables and receptor types exist; no delays (the chip has none)', () => {
    for (const [name, script] of scripts) {
      for (const m of script.matchAll(/\.record\((\[[^\]]*\]|'[^']*')/g)) {
        for (const v of m[1].match(/'([^']+)'/g) ?? []) assert.ok(PYNN_BRAINSCALES.recordable.has(v.slice(1, -1)), `${name}: ${v} is not recordable`);
      }
      for (const m of script.matchAll(/receptor_type='([^']+)'/g)) assert.ok(PYNN_BRAINSCALES.receptorTypes.has(m[1]), `${name}: receptor ${m[1]}`);
      assert.doesNotMatch(script, /delay=/, `${name}: pynn-brainscales refuses delays`);
      for (const m of script.matchAll(/StaticSynapse\(weight=(-?\d+(?:\.\d+)?)\)[^\n]*\n\s*receptor_type='(\w+)'/g)) {
        const w = Number(m[1]);
        assert.ok(Number.isInteger(w) && Math.abs(w) <= 63 * 8, `${name}: weight ${m[1]} is an integer`);
        assert.equal(w < 0, m[2] === 'inhibitory', `${name}: inhibitory weights are negative, excitatory positive`);
      }
    }
  });
});
