/**
 * The `bss2` command line (bundled to dist/cli.js). Subcommands live one per file in cli/commands/ and are
 * listed in COMMANDS; this file only dispatches.
 */
import { version } from '../package.json';
import { checkCommand } from './commands/check';
import { exportCommand } from './commands/export';
import { importCommand } from './commands/import';
import { mapCommand } from './commands/map';
import { runCommand } from './commands/run';
import { processIO, type CliIO, type Command } from './io';

const COMMANDS: readonly Command[] = [checkCommand, mapCommand, runCommand, exportCommand, importCommand];

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'bss2: BrainScaleS-2 experiments from the command line',
    '',
    'Usage: bss2 <command> [arguments]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    '  --help, -h     show this help (or `bss2 <command> --help`)',
    '  --version, -v  print the version',
    '',
  ].join('\n');
}

export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    io.stdout(help());
    return first === undefined ? 2 : 0;
  }
  if (first === '--version' || first === '-v') {
    io.stdout(`${version}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === first);
  if (!command) {
    io.stderr(`bss2: unknown command '${first}'. Commands: ${COMMANDS.map((c) => c.name).join(', ')}. See 'bss2 --help'.\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.usage);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    // A bug, not bad input: say so plainly instead of a bare stack trace.
    io.stderr(`bss2 ${command.name}: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

if (require.main === module) {
  // `bss2 map x --json | head` closes the pipe early: that ends the output, it is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
