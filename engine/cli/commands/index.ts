import type { Command } from 'commander';
import type { CliIO } from '../io.js';
import { registerPreview } from './preview.js';
import { registerTest } from './test.js';
import { registerValidate } from './validate.js';

/** Registers one command on the program. `setExit` records the command's exit code. */
export type RegisterCommand = (program: Command, io: CliIO, setExit: (code: number) => void) => void;

/** Every ferry command, in help order. */
export const COMMANDS: readonly RegisterCommand[] = [registerValidate, registerPreview, registerTest];
