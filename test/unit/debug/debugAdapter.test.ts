/**
 * The debug adapter through the Debug Adapter Protocol: dist/debugAdapter.js started as VS Code starts it, driven
 * by @vscode/debugadapter-testsupport's DebugClient, with the real emulator process behind it. Expected times and
 * neurons come from running the same experiment to the end in the emulator session itself.
 * Needs `npm run build` (npm test builds first): `npm run build && npx mocha test/unit/debug`.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { analyzeDocument } from '../../../server/analysis';
import { EmulatorSession } from '../../../emulator/session';
import type { RunResults } from '../../../common/results';

const root = join(__dirname, '..', '..', '..');
const adapter = join(root, 'dist', 'debugAdapter.js');
const program = join(__dirname, 'fixtures', 'stepping.bss2');
const text = readFileSync(program, 'utf8');
const STEP = 0.1;

/** One-based line of the first line of the fixture that starts with `prefix`. */
function lineOf(prefix: string): number {
  const index = text.split('\n').findIndex((l) => l.startsWith(prefix));
  assert.ok(index >= 0, `no line starts with ${prefix}`);
  return index + 1;
}

/** The whole run, straight from the emulator session: the reference the debugger must agree with. */
const reference: RunResults = (() => {
  const analysis = analyzeDocument(text);
  assert.ok(analysis.configuration, 'the fixture must map');
  const session = new EmulatorSession();
  session.load(analysis.configuration);
  session.advance(Infinity, Infinity);
  return session.results();
})();

function spikesOf(population: string, neuron?: number): number[] {
  const trains = reference.populations[population].spikes;
  return trains.time_ms.filter((_, k) => neuron === undefined || trains.neuron[k] === neuron);
}

/**
 * The end of the step in which something at time t happened, on the emulator's grid: step k covers
 * [k * h, k * h + h) in floating point, and the first step whose end lies beyond t takes it (an event at exactly
 * 20 ms falls in step 199, since 199 * 0.1 + 0.1 is 20.000000000000004); it ends at (k + 1) * h; as the debugger
 * shows it (6 significant digits).
 */
function stepEnd(t: number): number {
  let k = Math.max(0, Math.floor(t / STEP) - 2);
  while (k * STEP + STEP <= t) k++;
  return Number(((k + 1) * STEP).toPrecision(6));
}

function childPids(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).split('\n').map((s) => Number(s.trim())).filter((n) => n > 0);
  } catch {
    return [];
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('debug adapter (DAP over stdio, real emulator)', function () {
  this.timeout(120000);
  let dc: DebugClient;
  let emulatorPids: number[] = [];

  beforeEach(async () => {
    dc = new DebugClient('node', adapter, 'bss2');
    dc.defaultTimeout = 45000;
    await dc.start();
    emulatorPids = [];
  });

  afterEach(async () => {
    const adapterPid = (dc as unknown as { _adapterProcess?: { pid?: number } })._adapterProcess?.pid;
    if (adapterPid) emulatorPids.push(...childPids(adapterPid));
    // VS Code gives a disconnect a few seconds before it kills the adapter; do the same, so that a slow answer on a
    // loaded machine cannot stall the suite, while the check below still proves that no emulator outlives it.
    const stopped = await Promise.race([dc.stop().then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 10000))]);
    if (!stopped) {
      console.log('      disconnect unanswered after 10 s: adapter killed');
      if (adapterPid && alive(adapterPid)) process.kill(adapterPid, 'SIGKILL');
    }
    // No emulator outlives its debug session.
    const deadline = Date.now() + 5000;
    while (emulatorPids.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(emulatorPids.filter(alive), [], 'an emulator process survived the debug session');
  });

  async function launch(args: Record<string, unknown> = {}, configure: () => Promise<unknown> = async () => undefined): Promise<void> {
    await Promise.all([
      dc.waitForEvent('initialized').then(configure).then(() => dc.configurationDoneRequest()),
      dc.launch({ type: 'bss2', request: 'launch', name: 'test', program, stopOnEntry: true, ...args }),
    ]);
  }

  async function evaluate(expression: string): Promise<string> {
    return (await dc.evaluateRequest({ expression, frameId: 1, context: 'repl' })).body.result;
  }

  async function time(): Promise<number> {
    return Number(await evaluate('t'));
  }

  async function stoppedAfter(action: () => Promise<unknown>): Promise<DebugProtocol.StoppedEvent> {
    const [event] = await Promise.all([dc.waitForEvent('stopped'), action()]);
    return event as DebugProtocol.StoppedEvent;
  }

  it('launches and stops on entry at 0 ms, on the experiment line', async () => {
    const [stopped] = await Promise.all([dc.waitForEvent('stopped'), launch()]);
    assert.equal(stopped.body.reason, 'entry');
    const stack = await dc.stackTraceRequest({ threadId: 1 });
    assert.equal(stack.body.stackFrames.length, 1);
    assert.equal(stack.body.stackFrames[0].line, lineOf('experiment stepping'));
    assert.equal(stack.body.stackFrames[0].source?.path, program);
    assert.match(stack.body.stackFrames[0].name, /stepping @ 0 ms/);
    assert.equal(await time(), 0);
    const threads = await dc.threadsRequest();
    assert.deepEqual(threads.body.threads.map((t) => t.id), [1]);
  });

  it('stops on a population line when any of its neurons spikes, at the step of the first spike', async () => {
    let bp: DebugProtocol.SetBreakpointsResponse | undefined;
    await launch({ stopOnEntry: false }, async () => {
      bp = await dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: lineOf('population cell') }] });
    });
    const stopped = (await dc.waitForEvent('stopped')) as DebugProtocol.StoppedEvent;
    assert.ok(bp!.body.breakpoints[0].verified, bp!.body.breakpoints[0].message);
    assert.equal(stopped.body.reason, 'breakpoint');
    assert.deepEqual(stopped.body.hitBreakpointIds, [bp!.body.breakpoints[0].id]);
    const first = reference.populations.cell.spikes;
    assert.equal(await time(), stepEnd(first.time_ms[0]));
    assert.match(stopped.body.description!, new RegExp(`^cell\\[${first.neuron[0]}\\] spiked at ${first.time_ms[0].toFixed(2).replace('.', '\\.')}`));
    const stack = await dc.stackTraceRequest({ threadId: 1 });
    assert.equal(stack.body.stackFrames[0].line, lineOf('population cell'));
    // The next continue goes on to the next step with a spike of cell.
    const second = first.time_ms.find((t) => stepEnd(t) > stepEnd(first.time_ms[0]))!;
    await stoppedAfter(() => dc.continueRequest({ threadId: 1 }));
    assert.equal(await time(), stepEnd(second));
  });

  it('narrows a population breakpoint by a condition and a hit count', async () => {
    let bp: DebugProtocol.SetBreakpointsResponse | undefined;
    await launch({ stopOnEntry: false }, async () => {
      bp = await dc.setBreakpointsRequest({
        source: { path: program },
        breakpoints: [{ line: lineOf('population cell'), condition: 'neuron == 3', hitCondition: '3' }],
      });
    });
    const stopped = (await dc.waitForEvent('stopped')) as DebugProtocol.StoppedEvent;
    assert.ok(bp!.body.breakpoints[0].verified, bp!.body.breakpoints[0].message);
    const third = spikesOf('cell', 3)[2];
    assert.equal(await time(), stepEnd(third));
    assert.match(stopped.body.description!, /^cell\[3\] spiked/);
    assert.equal(await evaluate('cell[3].spike_count'), '3');
  });

  it('evaluates a membrane condition on the state just before the spike', async () => {
    // v > -45 mV at the start of the spiking step: only spikes that were already on their way up qualify.
    await launch({ stopOnEntry: false }, () => dc.setBreakpointsRequest({
      source: { path: program }, breakpoints: [{ line: lineOf('population cell'), condition: 'v > -45 mV && neuron != 2' }],
    }));
    const stopped = (await dc.waitForEvent('stopped')) as DebugProtocol.StoppedEvent;
    assert.equal(stopped.body.reason, 'breakpoint');
    const neuron = Number(/^cell\[(\d)\]/.exec(stopped.body.description!)![1]);
    assert.notEqual(neuron, 2);
    const now = await time();
    assert.ok(spikesOf('cell', neuron).some((t) => stepEnd(t) === now), `cell[${neuron}] spikes in the step ending at ${now} ms in the reference run`);
  });

  it('stops on a stimulus line with a slice only when that neuron spikes', async () => {
    let bp: DebugProtocol.SetBreakpointsResponse | undefined;
    await launch({ stopOnEntry: false }, async () => {
      bp = await dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: lineOf('stimulus cell[2]') }] });
    });
    const stopped = (await dc.waitForEvent('stopped')) as DebugProtocol.StoppedEvent;
    assert.match(bp!.body.breakpoints[0].message ?? '', /cell\[2\]/);
    assert.equal(await time(), stepEnd(spikesOf('cell', 2)[0]));
    assert.match(stopped.body.description!, /^cell\[2\] spiked/);
  });

  it('stops on a projection line when the projection delivers an event', async () => {
    await launch({ stopOnEntry: false }, () => dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: lineOf('projection cue') }] }));
    const stopped = (await dc.waitForEvent('stopped')) as DebugProtocol.StoppedEvent;
    const cue = reference.populations.cue.spikes;
    assert.equal(await time(), stepEnd(cue.time_ms[0]));
    assert.match(stopped.body.description!, /^cue -> cell\[0\.\.2\] delivered an event from cue\[0\] at 20 ms/);
    const stack = await dc.stackTraceRequest({ threadId: 1 });
    assert.equal(stack.body.stackFrames[0].line, lineOf('projection cue'));
  });

  it('stops on a spike-source population line when the source emits a spike', async () => {
    await launch({ stopOnEntry: false }, () => dc.setBreakpointsRequest({
      source: { path: program }, breakpoints: [{ line: lineOf('population cue'), condition: 'neuron == 1', hitCondition: '2' }],
    }));
    const stopped = (await dc.waitForEvent('stopped')) as DebugProtocol.StoppedEvent;
    const cue = reference.populations.cue.spikes;
    const second = cue.time_ms.filter((_, k) => cue.neuron[k] === 1)[1];
    assert.equal(await time(), stepEnd(second));
    assert.match(stopped.body.description!, /^cue\[1\] spiked at 50 ms/);
  });

  it('stops at a time given as a function breakpoint', async () => {
    let fb: DebugProtocol.SetFunctionBreakpointsResponse | undefined;
    await launch({ stopOnEntry: false }, async () => {
      fb = await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 't = 120 ms' }, { name: 'when it rains' }] });
    });
    const stopped = (await dc.waitForEvent('stopped')) as DebugProtocol.StoppedEvent;
    assert.equal(fb!.body.breakpoints[0].verified, true);
    assert.equal(fb!.body.breakpoints[1].verified, false);
    assert.match(fb!.body.breakpoints[1].message!, /t = 120 ms/);
    assert.equal(stopped.body.reason, 'function breakpoint');
    assert.equal(await time(), 120);
  });

  it('reports breakpoints on lines that cannot stop as unverified, with the reason', async () => {
    let bp: DebugProtocol.SetBreakpointsResponse | undefined;
    await launch({}, async () => {
      bp = await dc.setBreakpointsRequest({
        source: { path: program },
        breakpoints: [{ line: lineOf('experiment stepping') }, { line: lineOf('# A small') }, { line: lineOf('population cell'), condition: 'cell.v >' }],
      });
    });
    const [experiment, comment, badCondition] = bp!.body.breakpoints;
    assert.equal(experiment.verified, false);
    assert.match(experiment.message!, /t = 120 ms/);
    assert.equal(comment.verified, false);
    assert.match(comment.message!, /nothing on this line can stop/);
    assert.equal(badCondition.verified, false);
    assert.match(badCondition.message!, /condition/);
  });

  it('steps by one emulator step, or by the configured duration', async () => {
    await Promise.all([dc.waitForEvent('stopped'), launch()]);
    let stopped = await stoppedAfter(() => dc.nextRequest({ threadId: 1 }));
    assert.equal(stopped.body.reason, 'step');
    assert.equal(await time(), STEP);
    stopped = await stoppedAfter(() => dc.nextRequest({ threadId: 1 }));
    assert.equal(await time(), 2 * STEP);
  });

  it('steps by stepDuration when the launch configuration sets it', async () => {
    await Promise.all([dc.waitForEvent('stopped'), launch({ stepDuration: 25 })]);
    await stoppedAfter(() => dc.nextRequest({ threadId: 1 }));
    assert.equal(await time(), 25);
    await stoppedAfter(() => dc.stepInRequest({ threadId: 1 }));
    assert.equal(await time(), 50);
  });

  it('shows time, populations, neurons and paged projection weights as read-only variables', async () => {
    await launch({ stopOnEntry: false }, () => dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 't = 100 ms' }] }));
    await dc.waitForEvent('stopped');
    const scopes = (await dc.scopesRequest({ frameId: 1 })).body.scopes;
    assert.deepEqual(scopes.map((s) => s.name), ['Simulation', 'Populations', 'Projections']);
    const simulation = (await dc.variablesRequest({ variablesReference: scopes[0].variablesReference })).body.variables;
    assert.equal(simulation.find((v) => v.name === 'time')?.value, '100 ms');
    assert.equal(simulation.find((v) => v.name === 'hardware time')?.value, '100 µs');
    assert.ok(simulation.every((v) => v.presentationHint?.attributes?.includes('readOnly')));

    const populations = (await dc.variablesRequest({ variablesReference: scopes[1].variablesReference })).body.variables;
    const cell = populations.find((v) => v.name === 'cell')!;
    assert.equal(cell.indexedVariables, 4);
    const neurons = (await dc.variablesRequest({ variablesReference: cell.variablesReference, filter: 'indexed', start: 2, count: 2 })).body.variables;
    assert.deepEqual(neurons.map((v) => v.name), ['[2]', '[3]']);
    const neuron2 = (await dc.variablesRequest({ variablesReference: neurons[0].variablesReference })).body.variables;
    assert.deepEqual(neuron2.map((v) => v.name), ['v', 'w', 'i_syn_E', 'i_syn_I', 'refractory', 'spike_count']);
    assert.equal(neuron2.find((v) => v.name === 'spike_count')?.value, String(spikesOf('cell', 2).filter((t) => t < 100).length));
    assert.match(neuron2.find((v) => v.name === 'v')!.value, /^-?\d+(\.\d+)? mV$/);

    const projections = (await dc.variablesRequest({ variablesReference: scopes[2].variablesReference })).body.variables;
    assert.deepEqual(projections.map((v) => v.name), ['drive->cell', 'cue->cell[0..2]']);
    const rows = (await dc.variablesRequest({ variablesReference: projections[0].variablesReference, filter: 'indexed', start: 3, count: 2 })).body.variables;
    assert.deepEqual(rows.map((v) => v.name), ['[3]', '[4]']);
    assert.equal(rows[0].indexedVariables, 4);
    const row3 = (await dc.variablesRequest({ variablesReference: rows[0].variablesReference, filter: 'indexed', start: 0, count: 4 })).body.variables;
    assert.deepEqual(row3.map((v) => v.value), ['63', '63', '63', '63']);
    const cue = (await dc.variablesRequest({ variablesReference: projections[1].variablesReference, filter: 'indexed', start: 0, count: 2 })).body.variables;
    const cueRow1 = (await dc.variablesRequest({ variablesReference: cue[1].variablesReference, filter: 'indexed' })).body.variables;
    assert.deepEqual(cueRow1.map((v) => v.value), ['— (no synapse)', '63', '— (no synapse)', '— (no synapse)']);
  });

  it('evaluates expressions in the Debug Console and Watch, with clear errors', async () => {
    await launch({ stopOnEntry: false }, () => dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 't = 150 ms' }] }));
    await dc.waitForEvent('stopped');
    const counts = [0, 1, 2, 3].map((n) => spikesOf('cell', n).filter((t) => t < 150).length);
    assert.equal(await evaluate('cell[2].spike_count'), String(counts[2]));
    assert.equal(await evaluate('sum(cell.spike_count)'), String(counts.reduce((a, b) => a + b)));
    assert.equal(Number(await evaluate('mean(cell.spike_count)')), counts.reduce((a, b) => a + b) / 4);
    assert.equal(await evaluate('max(cell.spike_count) - min(cell.spike_count)'), String(Math.max(...counts) - Math.min(...counts)));
    assert.equal(await evaluate('t * 2'), '300');
    assert.equal(await evaluate('drive->cell.weight[3]'), '[63, 63, 63, 63]');
    assert.equal(await evaluate('len(drive->cell.weight)'), '8');
    const v = Number(await evaluate('cell[0].v'));
    assert.ok(v > -80 && v < -30, `cell[0].v = ${v}`);
    assert.equal(Number(await evaluate('mean(cell.v)')), Number(await evaluate('sum(cell.v) / 4')));
    const watch = await dc.evaluateRequest({ expression: 'cell.v', frameId: 1, context: 'watch' });
    assert.ok(watch.body.variablesReference > 0);
    assert.equal(watch.body.indexedVariables, 4);
    await assert.rejects(dc.evaluateRequest({ expression: 'exc[0].v', context: 'repl' }), /unknown name 'exc' \(populations: cell, drive, cue/);
    await assert.rejects(dc.evaluateRequest({ expression: 'cell[7].v', context: 'repl' }), /index 7 is out of range: 'cell' has indices 0\.\.3/);
    await assert.rejects(dc.evaluateRequest({ expression: 'cell[0].u', context: 'repl' }), /unknown neuron variable 'u'/);
    await assert.rejects(dc.evaluateRequest({ expression: 'median(cell.v)', context: 'repl' }), /unknown function 'median'/);
    await assert.rejects(dc.evaluateRequest({ expression: 'drive[0].v', context: 'repl' }), /spike source/);
  });

  it('sends the results up to the stop in a bss2.results event', async () => {
    const [results] = await Promise.all([
      dc.waitForEvent('bss2.results'),
      launch({ stopOnEntry: false }, () => dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 't = 60 ms' }] })),
    ]);
    const body = results.body as { program: string; time_ms: number; reason: string; results: RunResults };
    assert.equal(body.program, program);
    assert.equal(body.time_ms, 60);
    assert.equal(body.reason, 'function breakpoint');
    const expected = reference.populations.cell.spikes;
    const upTo = expected.time_ms.filter((t) => t < 60).length;
    const got = body.results.populations.cell.spikes;
    assert.deepEqual(got.neuron, expected.neuron.slice(0, upTo));
    got.time_ms.forEach((t, k) => assert.ok(Math.abs(t - expected.time_ms[k]) < 1e-9, `spike ${k}: ${t} vs ${expected.time_ms[k]}`));
  });

  it('pauses a running experiment', async () => {
    // A long run without breakpoints, paused while it runs.
    await launch({ stopOnEntry: false, duration: 200000 });
    await new Promise((r) => setTimeout(r, 300));
    const started = Date.now();
    const stopped = await stoppedAfter(() => dc.pauseRequest({ threadId: 1 }));
    const latency = Date.now() - started;
    console.log(`      paused ${latency} ms after the request`);
    assert.equal(stopped.body.reason, 'pause');
    const t = await time();
    assert.ok(t > 0 && t < 200000, `paused at ${t} ms`);
    // The slices of a run are 15 ms of wall time; on a busy machine allow generous slack, but no hang.
    assert.ok(latency < 2000, `pause took ${latency} ms`);
    await stoppedAfter(() => dc.nextRequest({ threadId: 1 }));
    assert.equal(await time(), Number((t + STEP).toFixed(6)));
  });

  it('restarts from 0 ms', async () => {
    await Promise.all([dc.waitForEvent('stopped'), launch({ stepDuration: 10 })]);
    await stoppedAfter(() => dc.nextRequest({ threadId: 1 }));
    assert.equal(await time(), 10);
    const stopped = await stoppedAfter(() => dc.restartRequest({}));
    assert.equal(stopped.body.reason, 'entry');
    assert.equal(await time(), 0);
  });

  it('runs to the end and terminates, leaving no emulator behind', async () => {
    await Promise.all([dc.waitForEvent('stopped'), launch()]);
    const adapterPid = (dc as unknown as { _adapterProcess: { pid: number } })._adapterProcess.pid;
    emulatorPids = childPids(adapterPid);
    assert.equal(emulatorPids.length, 1, 'one emulator process while debugging');
    await Promise.all([dc.waitForEvent('terminated'), dc.continueRequest({ threadId: 1 })]);
    const deadline = Date.now() + 5000;
    while (emulatorPids.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(emulatorPids.filter(alive), []);
  });

  it('terminates on request while running', async () => {
    await launch({ stopOnEntry: false, duration: 200000 });
    const adapterPid = (dc as unknown as { _adapterProcess: { pid: number } })._adapterProcess.pid;
    emulatorPids = childPids(adapterPid);
    assert.equal(emulatorPids.length, 1);
    await Promise.all([dc.waitForEvent('terminated'), dc.terminateRequest({})]);
    const deadline = Date.now() + 5000;
    while (emulatorPids.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(emulatorPids.filter(alive), []);
  });

  it('refuses a malformed launch configuration with a clear error', async () => {
    await dc.initializeRequest();
    await assert.rejects(dc.launchRequest({ type: 'bss2', request: 'launch', program: 'relative.bss2', seed: 'abc' } as DebugProtocol.LaunchRequestArguments),
      (error: Error) => /"program" must be an absolute path/.test(error.message) && /"seed" must be a whole number/.test(error.message));
  });

  it('refuses a program with errors, naming file:line:col', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bss2-debug-'));
    try {
      const broken = join(dir, 'broken.bss2');
      writeFileSync(broken, 'experiment broken { duration = 10 ms }\npopulation p : AdEx[2] { tau_m = 20 kg }\n');
      await dc.initializeRequest();
      const output = dc.waitForEvent('output');
      await assert.rejects(dc.launchRequest({ type: 'bss2', request: 'launch', program: broken } as DebugProtocol.LaunchRequestArguments),
        (error: Error) => error.message.includes(`${broken}:2:`) && /broken\.bss2 has errors/.test(error.message));
      const event = await output;
      assert.equal(event.body.category, 'stderr');
      assert.ok(event.body.output.includes(`${broken}:2:`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('debug adapter: plasticity rules', function () {
  this.timeout(120000);
  const stdp = join(root, 'examples', 'stdp.bss2');
  const stdpText = readFileSync(stdp, 'utf8');
  const stdpLine = (prefix: string): number => stdpText.split('\n').findIndex((l) => l.trimStart().startsWith(prefix)) + 1;
  let dc: DebugClient;

  beforeEach(async () => {
    dc = new DebugClient('node', adapter, 'bss2');
    dc.defaultTimeout = 45000;
    await dc.start();
  });
  afterEach(() => dc.stop());

  async function launchStdp(configure: () => Promise<unknown> = async () => undefined, stopOnEntry = false): Promise<void> {
    await Promise.all([
      dc.waitForEvent('initialized').then(configure).then(() => dc.configurationDoneRequest()),
      dc.launch({ type: 'bss2', request: 'launch', name: 'stdp', program: stdp, stopOnEntry }),
    ]);
  }

  it('stops before a rule statement with the rule frame and its variables, and steps statement by statement', async () => {
    let bp: DebugProtocol.SetBreakpointsResponse | undefined;
    await launchStdp(async () => {
      bp = await dc.setBreakpointsRequest({ source: { path: stdp }, breakpoints: [{ line: stdpLine('dw     =') }, { line: stdpLine('# once per period') }] });
    });
    const stopped = (await dc.waitForEvent('stopped')) as DebugProtocol.StoppedEvent;
    assert.ok(bp!.body.breakpoints[0].verified, bp!.body.breakpoints[0].message);
    assert.equal(bp!.body.breakpoints[1].verified, false);
    assert.equal(stopped.body.reason, 'breakpoint');
    assert.deepEqual(stopped.body.hitBreakpointIds, [bp!.body.breakpoints[0].id]);
    const stack = (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames;
    assert.equal(stack.length, 2);
    assert.equal(stack[0].line, stdpLine('dw     ='));
    assert.match(stack[0].name, /^rule stdp/);
    assert.match(stack[1].name, /stdp @ 200 ms/);
    const scopes = (await dc.scopesRequest({ frameId: stack[0].id })).body.scopes;
    const vars = (await dc.variablesRequest({ variablesReference: scopes[0].variablesReference })).body.variables;
    const dw = vars.find((v) => v.name === 'dw');
    assert.ok(dw, `rule variables: ${vars.map((v) => v.name).join(', ')}`);
    assert.equal(dw.indexedVariables, 4, 'one lane per neuron column of cell');
    assert.ok(dw.presentationHint?.attributes?.includes('readOnly'));
    const lanes = (await dc.variablesRequest({ variablesReference: dw.variablesReference, filter: 'indexed' })).body.variables;
    assert.equal(lanes.length, 4);
    assert.equal((await dc.evaluateRequest({ expression: 'len(dw)', frameId: stack[0].id, context: 'watch' })).body.result, '4');
    // Before the first update every weight still has its initial value.
    assert.equal((await dc.evaluateRequest({ expression: 'drive->cell.weight[0]', frameId: stack[0].id, context: 'watch' })).body.result, '[24, 24, 24, 24]');

    await Promise.all([dc.waitForEvent('stopped'), dc.stepInRequest({ threadId: 1 })]);
    const next = (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames;
    assert.equal(next[0].line, stdpLine('weight = clamp'));
  });

  it('steps into the next plasticity period from the network and out of the rule again', async () => {
    await Promise.all([dc.waitForEvent('stopped'), launchStdp(undefined, true)]);
    await Promise.all([dc.waitForEvent('stopped'), dc.stepInRequest({ threadId: 1 })]);
    let stack = (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames;
    assert.equal(stack.length, 2);
    assert.equal(stack[0].line, stdpLine('dw     ='));
    await Promise.all([dc.waitForEvent('stopped'), dc.stepOutRequest({ threadId: 1 })]);
    stack = (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames;
    assert.equal(stack.length, 1);
    assert.match(stack[0].name, /stdp @ 200 ms/);
  });
});
