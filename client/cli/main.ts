/**
 * payctl's process entry: real argv, environment, stdout and stderr around runCli, and the exit code.
 * Run it as `npx payctl …` (bin/payctl.js) or `tsx client/cli/main.ts …`.
 */
import { runCli } from './run';
import { EXIT } from './exit-codes';
import { openPaymentsSession } from './session';

// `payctl payments list | head` closes the pipe early; that is the reader's choice, not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.ok);
  process.stderr.write(`payctl: cannot write the output: ${err.message}\n`);
  process.exit(EXIT.unexpected);
});

runCli(process.argv.slice(2), {
  openPayments: () => openPaymentsSession(process.env),
  now: () => new Date(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
}).then(
  // exitCode, not exit(): output still buffered for a pipe is written before the process ends.
  (code) => {
    process.exitCode = code;
  },
  // runCli reports every error itself; reaching this is a bug in payctl, still without a stack trace.
  (err: unknown) => {
    process.stderr.write(`payctl: unexpected error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = EXIT.unexpected;
  },
);
