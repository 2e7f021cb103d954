/** The commands in-process kubectl knows, by verb; groups (`rollout status`, `set image`) by verb and subcommand. */
import type { Command } from './command.js';
import { getCommand } from './cmd/get.js';

export const COMMANDS: Record<string, Command> = {
  get: getCommand,
};

export const GROUPS: Record<string, Record<string, Command>> = {};
