/**
 * The shape every benchmark module shares: `npx tsx bench/<name>.ts [--quick] [--json OUT]` measures, prints its
 * own figures and, with --json, writes its typed result for bench/run.ts to tabulate.
 */
import { writeFileSync } from 'node:fs';

export interface BenchOptions {
  quick: boolean;
  argv: readonly string[];
}

export function argValue(argv: readonly string[], name: string): string | undefined {
  const k = argv.indexOf(name);
  return k >= 0 ? argv[k + 1] : undefined;
}

export function benchMain<T>(measure: (o: BenchOptions) => Promise<T>, print: (r: T) => void): void {
  const argv = process.argv.slice(2);
  const json = argValue(argv, '--json');
  measure({ quick: argv.includes('--quick'), argv })
    .then((result) => {
      print(result);
      if (json) writeFileSync(json, JSON.stringify(result, null, 1));
    })
    .catch((error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      process.exitCode = 1;
    });
}

export const fmt = (x: number | undefined | null, digits = 1): string => (x === undefined || x === null || !Number.isFinite(x) ? '–' : x.toFixed(digits));
