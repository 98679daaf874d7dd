/**
 * What a subcommand may touch of the outside world, so that tests can run the command line in-process and
 * capture exactly what a user would see.
 */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Colour and other terminal niceties only when stdout is a terminal. */
  colour: boolean;
}

/** A subcommand of `bss2`: one file in cli/commands/ each. */
export interface Command {
  name: string;
  /** One line for `bss2 --help`. */
  summary: string;
  /** Full usage text for `bss2 NAME --help`. */
  usage: string;
  /** Returns the exit code: 0 success, 1 the input has errors, 2 the command could not run as asked. */
  run(args: string[], io: CliIO): Promise<number>;
}

export function processIO(): CliIO {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    colour: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
  };
}
