import { Command, CommanderError } from 'commander';
import { FerryError, FerryErrors } from '../errors.js';
import { COMMANDS } from './commands/index.js';
import { EXIT, type CliIO, processIO } from './io.js';
import { renderProblems } from './report.js';

export { configureHeap } from './heap.js';

/**
 * Runs the ferry CLI and resolves to the exit code. Every user mistake ends in a located message
 * and exit 2; only a bug (anything that is not a FerryError) prints a stack trace, with exit 70.
 */
export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  let exitCode: number = EXIT.OK;
  const program = new Command('ferry')
    .description('Declarative integrations: read a source API, map with JSONata, write to an ERP — exactly once.')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  for (const register of COMMANDS) register(program, io, (code) => (exitCode = code));
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ? EXIT.OK : EXIT.INVALID;
    }
    if (e instanceof FerryErrors || e instanceof FerryError) {
      const problems = e instanceof FerryErrors ? e.problems : [e];
      io.err(renderProblems(problems, 'text'));
      return problems.some((p) => p.fault === 'bug') ? EXIT.BUG : problems.every((p) => p.fault === 'user') ? EXIT.INVALID : EXIT.ABORTED;
    }
    io.err(`ferry: internal error (a bug; please report it with this trace)\n${e instanceof Error ? e.stack : String(e)}\n`);
    return EXIT.BUG;
  }
  return exitCode;
}
