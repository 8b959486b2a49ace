import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { FerryError } from '../engine/errors.js';
import type { HostMessage, HostOptions, HostReply, HostStats } from './sandbox-host.js';

/** Both sandboxes running in a child process (sandbox-host.ts). */
export interface SandboxProcess {
  /** The environment the bundled scheme reads to reach them. */
  env: Record<string, string>;
  stats(): Promise<HostStats>;
  close(): Promise<void>;
}

const HOST = fileURLToPath(new URL('./sandbox-host.ts', import.meta.url));

function nextReply(child: ChildProcess, type: HostReply['type']): Promise<HostReply> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: HostReply) => {
      if (m.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(m);
    };
    const onExit = (code: number | null) => {
      child.off('message', onMessage);
      reject(new FerryError('RUN_ABORTED', `the sandbox host exited (code ${code}) before answering "${type}"`));
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/**
 * Starts the sandbox host with `options` and resolves once both servers listen. The child runs
 * with this process's exec arguments (the tsx loader). Throws RUN_ABORTED when it dies first.
 */
export async function startSandboxProcess(options: HostOptions): Promise<SandboxProcess> {
  const child = fork(HOST, [JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = await nextReply(child, 'ready');
  const send = (m: HostMessage) => child.send(m);
  return {
    env: ready.type === 'ready' ? ready.env : {},
    async stats() {
      const reply = nextReply(child, 'stats');
      send({ type: 'stats' });
      const { type: _type, ...stats } = (await reply) as Extract<HostReply, { type: 'stats' }>;
      return stats;
    },
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      send({ type: 'close' });
      await exited;
    },
  };
}
