/**
 * The debugger's expression language, breakpoint conditions, hit counts, time breakpoints and launch
 * configurations, without a process: what the Debug Console, Watch and launch.json accept and refuse.
 */
import assert from 'node:assert/strict';
import { evaluate, ExpressionError, parseExpression, parseHitCondition, parseTimeBreakpoint, references, toCondition, type EvaluationData } from '../../../client/debug/expression';
import { resolveLaunchConfiguration } from '../../../client/debug/launchConfiguration';
import { evaluateCondition, hitSatisfied } from '../../../emulator/breakpoints';

const neuron = (i: number, v: number, spikes: number) => ({ neuron: i, v, w: 10 * i, i_syn_E: 1, i_syn_I: 0, refractory: i === 1, spike_count: spikes });
const data: EvaluationData = {
  time_ms: 42.5,
  populations: new Map([
    ['exc', { name: 'exc', size: 3, neurons: [neuron(0, -60, 2), neuron(1, -55, 5), neuron(2, -70, 0)] }],
    ['drive', { name: 'drive', size: 2 }],
  ]),
  projections: new Map([
    ['drive->exc', { projection: 'drive->exc', pre: 'drive', post: 'exc', pre_size: 2, post_size: 3, from_row: 0, weights: [[10, null, 30], [1, 2, 3]] }],
  ]),
  populationNames: ['exc', 'drive'],
  projectionNames: ['drive->exc'],
};
const value = (text: string): unknown => {
  const v = evaluate(parseExpression(text), data);
  return v.kind === 'number' ? v.value : v.kind === 'array' ? v.values : v.kind;
};

describe('debugger expressions', () => {
  it('reads neurons, populations, projections and time, with functions and arithmetic', () => {
    assert.equal(value('exc[1].v'), -55);
    assert.deepEqual(value('exc.v'), [-60, -55, -70]);
    assert.equal(value('mean(exc.v)'), -61.666666666666664);
    assert.equal(value('max(exc.spike_count) + min(exc.spike_count)'), 5);
    assert.equal(value('sum(exc.spike_count) / len(exc.v)'), 7 / 3);
    assert.equal(value('exc[1].refractory'), 1);
    assert.deepEqual(value('drive->exc.weight[0]'), [10, null, 30]);
    assert.equal(value('mean(drive->exc.weight[0])'), 20);
    assert.equal(value('t'), 42.5);
    assert.equal(value('t > 40 ms && exc[0].v < -50 mV'), 1);
    assert.equal(value('0.5 nA'), 500);
    assert.deepEqual(value('exc.v + 70'), [10, 15, 0]);
    assert.equal(value('-(2 + 3) * 4 % 7'), -20 % 7);
    assert.equal(value('exc.size'), 3);
  });

  it('says what is wrong and where', () => {
    const fails = (text: string, pattern: RegExp): void => {
      assert.throws(() => evaluate(parseExpression(text), data), (e: Error) => e instanceof ExpressionError && pattern.test(e.message), text);
    };
    fails('inh[0].v', /unknown name 'inh' \(populations: exc, drive; t is the simulation time\) \(column 1\)/);
    fails('exc[3].v', /index 3 is out of range: 'exc' has indices 0\.\.2/);
    fails('exc[0].u', /unknown neuron variable 'u'; known: v, w, i_syn_E, i_syn_I, refractory, spike_count, size/);
    fails('drive.v', /spike source/);
    fails('exc->drive.weight', /unknown projection 'exc->drive' \(projections: drive->exc\)/);
    fails('median(exc.v)', /unknown function 'median'; known: mean, min, max, sum, len, abs, sqrt/);
    fails('exc.v > 3', /cannot combine a list of values and a number/);
    fails('exc[0.5].v', /whole number/);
    fails('exc[0].v = 3', /compare with '=='/);
    fails('mean(exc.v', /expected '\)' after the arguments at the end/);
    fails('', /empty/);
    fails('1 +', /incomplete/);
    fails('drive->exc.weight[0][1]', /no synapse at index 1/);
  });

  it('lists what an expression reads', () => {
    const refs = references(parseExpression('mean(exc.v) - drive->exc.weight[0][2] + t'));
    assert.deepEqual([...refs.names].sort(), ['exc', 't']);
    assert.deepEqual([...refs.projections], ['drive->exc']);
  });

  it('turns conditions into the emulator form and refuses what the emulator cannot evaluate', () => {
    const condition = toCondition(parseExpression('neuron == 17 && v > -52 mV'));
    const look = (values: Record<string, number>) => (name: string): number => values[name];
    assert.equal(evaluateCondition(condition, look({ neuron: 17, v: -50 })), 1);
    assert.equal(evaluateCondition(condition, look({ neuron: 17, v: -53 })), 0);
    assert.equal(evaluateCondition(condition, look({ neuron: 3, v: -50 })), 0);
    assert.throws(() => toCondition(parseExpression('mean(exc.v) > 0')), /calling mean\(\) is not allowed/);
    assert.throws(() => toCondition(parseExpression('v > 3'), ['neuron', 't']), /unknown name 'v' in a condition; it may use neuron, t/);
  });

  it('reads hit counts and time breakpoints', () => {
    assert.deepEqual(parseHitCondition('5'), { op: '==', count: 5 });
    assert.deepEqual(parseHitCondition('>= 10'), { op: '>=', count: 10 });
    assert.deepEqual(parseHitCondition('%3'), { op: '%', count: 3 });
    assert.throws(() => parseHitCondition('five'), /a hit count is a whole number/);
    assert.throws(() => parseHitCondition('% 0'), /never stops/);
    assert.ok(hitSatisfied({ op: '%', count: 3 }, 6) && !hitSatisfied({ op: '%', count: 3 }, 7));
    assert.ok(hitSatisfied({ op: '==', count: 2 }, 2) && !hitSatisfied({ op: '==', count: 2 }, 3));
    assert.equal(parseTimeBreakpoint('t = 120 ms'), 120);
    assert.equal(parseTimeBreakpoint('t == 0.5 s'), 500);
    assert.equal(parseTimeBreakpoint('75'), 75);
    assert.throws(() => parseTimeBreakpoint('cell spikes'), /written 't = 120 ms'/);
  });
});

describe('debug launch configuration', () => {
  it('fills defaults and takes the active file for a missing program', () => {
    const checked = resolveLaunchConfiguration({ type: 'bss2', request: 'launch' }, { activeFile: '/w/a.bss2' });
    assert.deepEqual(checked, { ok: true, configuration: { type: 'bss2', request: 'launch', name: 'Debug experiment', program: '/w/a.bss2', stopOnEntry: true } });
    const full = resolveLaunchConfiguration({ type: 'bss2', request: 'launch', name: 'x', program: '/w/b.bss2', stopOnEntry: false, seed: 3, stepDuration: 2, duration: 50, __sessionId: 'id' });
    assert.ok(full.ok);
    assert.deepEqual(full.configuration, { type: 'bss2', request: 'launch', name: 'x', program: '/w/b.bss2', stopOnEntry: false, seed: 3, stepDuration: 2, duration: 50 });
    assert.ok(resolveLaunchConfiguration({ program: '/w/b.bss2', seed: null }).ok);
  });

  it('names every bad field', () => {
    const checked = resolveLaunchConfiguration({ type: 'bss2', request: 'attach', program: 'rel.bss2', stopOnEntry: 'yes', seed: -1, stepDuration: 0 });
    assert.equal(checked.ok, false);
    const error = (checked as { error: string }).error;
    for (const field of ['"request"', '"program" must be an absolute path', '"stopOnEntry"', '"seed"', '"stepDuration"']) assert.ok(error.includes(field), `${field} in ${error}`);
    assert.match((resolveLaunchConfiguration({}) as { error: string }).error, /"program" is missing/);
    assert.match((resolveLaunchConfiguration({ program: '/w/a.txt' }) as { error: string }).error, /must be a \.bss2 experiment file/);
    assert.match((resolveLaunchConfiguration(null) as { error: string }).error, /must be an object/);
  });
});
