import { main } from '../../engine/cli/main.js';
import type { CliIO } from '../../engine/cli/io.js';

/** Runs the CLI in-process with captured output. */
export async function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { out: (t) => (out += t), err: (t) => (err += t), env: { ...env }, cwd: process.cwd(), isTTY: false };
  const code = await main(['node', 'ferry', ...args], io);
  return { code, out, err };
}
