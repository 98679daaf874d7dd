/**
 * Speed of the language front end: `analyze` on a 2,000-line experiment (target: well under 50 ms) and
 * `tokenize` on 10 MB. Run with `npx tsx bench/language.ts`; prints median and p95.
 */
import { analyze, tokenize } from '../server/language';

function experiment(lines: number): string {
  const out: string[] = ['experiment big { duration = 1 s }'];
  for (let i = 0; out.length < lines; i++) {
    out.push(`population p${i} : AdEx[4] {`, '    tau_m = 20 ms, cm = 200 pF   # a comment', '    v_rest = -65 mV', '}');
    out.push(`projection p${i} -> p${i} { connector = fixed_probability(0.5), weight = 10 }`, `record p${i} : spikes, v`);
  }
  return out.join('\n');
}

function measure(label: string, runs: number, work: () => void): void {
  for (let i = 0; i < Math.min(5, runs); i++) work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    work();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(1);
  console.log(`${label}: median ${at(0.5)} ms, p95 ${at(0.95)} ms (${runs} runs)`);
}

const text = experiment(2000);
measure('analyze, 2,000 lines', 50, () => analyze(text));
const line = 'population p : AdEx[10] { tau_m = 20 ms, v = [1, 2.5e-3] } # ok\n';
const big = line.repeat(Math.ceil((10 * 1024 * 1024) / line.length));
measure('tokenize, 10 MB', 3, () => tokenize(big));
