import type { Command } from 'commander';
import type { CliIO } from '../io.js';
import { registerCheck } from './check.js';
import { registerDemo } from './demo.js';
import { registerFetch } from './fetch.js';
import { registerParked } from './parked.js';
import { registerPreview } from './preview.js';
import { registerReplay } from './replay.js';
import { registerRun } from './run.js';
import { registerSandbox } from './sandbox.js';
import { registerStatus } from './status.js';
import { registerTest } from './test.js';
import { registerValidate } from './validate.js';

/** Registers one command on the program. `setExit` records the command's exit code. */
export type RegisterCommand = (program: Command, io: CliIO, setExit: (code: number) => void) => void;

/** Every ferry command, in help order. */
export const COMMANDS: readonly RegisterCommand[] = [registerValidate, registerPreview, registerTest, registerRun, registerStatus, registerParked, registerReplay, registerFetch, registerCheck, registerSandbox, registerDemo];
