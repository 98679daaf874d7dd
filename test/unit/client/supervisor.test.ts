/**
 * The emulator supervisor against the real emulator process (dist/emulator.js; `npm run build` first): it is
 * killed with SIGKILL, hung with SIGSTOP, and restarted until the limit asks the user.
 */
import assert from 'node:assert/strict';
import { HelloRequest, LoadRequest, RunRequest } from '../../../common/protocol/emulator';
import { EmulatorSupervisor, EmulatorUnavailableError, describeFailure, type EmulatorFailure } from '../../../client/emulator/supervisor';
import { configurationOf, emulatorScript, processExists, waitFor } from './helpers';

describe('client: emulator supervisor (real process)', function () {
  this.timeout(60000);
  const supervisors: EmulatorSupervisor[] = [];
  const pids: number[] = [];

  function supervise(options: Partial<ConstructorParameters<typeof EmulatorSupervisor>[0]> = {}) {
    const failures: EmulatorFailure[] = [];
    const supervisor = new EmulatorSupervisor({ script: emulatorScript, onFailure: (f) => failures.push(f), ...options });
    supervisors.push(supervisor);
    return { supervisor, failures };
  }

  afterEach(async () => {
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        // already gone
      }
    }
    await Promise.all(supervisors.splice(0).map((s) => s.dispose()));
    for (const pid of pids.splice(0)) assert.equal(processExists(pid), false, `emulator ${pid} outlived its supervisor`);
  });

  it('starts the emulator on demand and reuses it', async () => {
    const { supervisor } = supervise();
    assert.equal(supervisor.current, undefined, 'nothing runs before it is needed');
    const [a, b] = await Promise.all([supervisor.acquire(), supervisor.acquire()]);
    pids.push(a.pid!);
    assert.equal(a, b, 'concurrent callers share one process');
    const hello = await a.connection.sendRequest(HelloRequest.type);
    assert.equal(hello.protocol, 1);
    assert.equal(await supervisor.acquire(), a);
  });

  it('rejects a pending run within 1 s when the emulator is killed, reports it, and restarts on the next acquire', async () => {
    const { supervisor, failures } = supervise();
    const emulator = await supervisor.acquire();
    pids.push(emulator.pid!);
    await supervisor.loading(emulator.connection.sendRequest(LoadRequest.type, { configuration: configurationOf('ei_network.bss2', 60_000) }));
    const running = emulator.connection.sendRequest(RunRequest.type, {});
    const settled = running.then(
      () => 'resolved',
      () => 'rejected',
    );
    await new Promise((r) => setTimeout(r, 200));
    const killedAt = performance.now();
    process.kill(emulator.pid!, 'SIGKILL');
    assert.equal(await settled, 'rejected');
    const latency = performance.now() - killedAt;
    assert.ok(latency < 1000, `pending run rejected after ${latency.toFixed(0)} ms`);
    await waitFor(() => failures.length > 0, 1000, 'the failure report');
    assert.equal(failures[0].kind, 'exited');
    assert.match(describeFailure(failures[0]), /emulator was killed.*restarted/);
    const next = await supervisor.acquire();
    pids.push(next.pid!);
    assert.notEqual(next.pid, emulator.pid);
    assert.equal((await next.connection.sendRequest(HelloRequest.type)).protocol, 1);
  });

  it('detects a hung emulator (SIGSTOP) within 5 s, kills it and rejects its pending requests', async () => {
    const { supervisor, failures } = supervise();
    const emulator = await supervisor.acquire();
    pids.push(emulator.pid!);
    await emulator.connection.sendRequest(HelloRequest.type);
    process.kill(emulator.pid!, 'SIGSTOP');
    const stoppedAt = performance.now();
    const pending = emulator.connection.sendRequest(HelloRequest.type).then(
      () => 'resolved',
      () => 'rejected',
    );
    await waitFor(() => failures.length > 0, 6000, 'the hang to be detected');
    const detected = performance.now() - stoppedAt;
    assert.ok(detected <= 5000, `hang detected after ${detected.toFixed(0)} ms`);
    assert.equal(failures[0].kind, 'hung');
    assert.equal(await pending, 'rejected');
    await waitFor(() => !processExists(emulator.pid), 2000, 'the hung process to be gone');
    assert.equal(failures.length, 1, 'the kill of a hung process is not reported a second time');
  });

  it('asks before restarting after the limit (4 restarts in 3 minutes) and gives up when declined', async () => {
    let asked = 0;
    let answer = false;
    const { supervisor, failures } = supervise({
      confirmRestart: async (restarts) => {
        asked++;
        assert.equal(restarts, 4);
        return answer;
      },
    });
    for (let i = 0; i < 5; i++) {
      const emulator = await supervisor.acquire();
      pids.push(emulator.pid!);
      process.kill(emulator.pid!, 'SIGKILL');
      await waitFor(() => failures.length === i + 1, 2000, `failure ${i + 1}`);
    }
    assert.equal(supervisor.recentRestarts, 4);
    await assert.rejects(supervisor.acquire(), EmulatorUnavailableError);
    assert.equal(asked, 1);
    answer = true;
    const again = await supervisor.acquire();
    pids.push(again.pid!);
    assert.equal(asked, 2);
    assert.equal(supervisor.recentRestarts, 1, 'a confirmed restart starts a new window');
  });

  it('shuts down politely, or kills a stopped process after the grace period: no orphan', async () => {
    const { supervisor, failures } = supervise();
    const emulator = await supervisor.acquire();
    const pid = emulator.pid!;
    process.kill(pid, 'SIGSTOP'); // cannot react to stdin closing: only the forced kill ends it
    const start = performance.now();
    await supervisor.dispose();
    const took = performance.now() - start;
    assert.equal(processExists(pid), false);
    assert.ok(took >= 1500 && took < 4000, `forced stop after ${took.toFixed(0)} ms`);
    assert.deepEqual(failures, [], 'a deliberate stop is not a failure');
    await assert.rejects(supervisor.acquire(), EmulatorUnavailableError);
  });
});
