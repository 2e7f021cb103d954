/** The commands in-process kubectl knows, by verb; groups (`rollout status`, `set image`) by verb and subcommand. */
import type { Command } from './command.js';
import { annotateCommand, labelCommand } from './cmd/label.js';
import { applyCommand, createCommand } from './cmd/apply.js';
import { cordonCommand, uncordonCommand } from './cmd/cordon.js';
import { deleteCommand } from './cmd/delete.js';
import { describeCommand } from './cmd/describe.js';
import { eventsCommand } from './cmd/events.js';
import { exposeCommand } from './cmd/expose.js';
import { getCommand } from './cmd/get.js';
import { drainCommand } from './cmd/drain.js';
import { execCommand, logsCommand } from './cmd/logs.js';
import { rolloutCommands } from './cmd/rollout.js';
import { patchCommand } from './cmd/patch.js';
import { apiResourcesCommand } from './cmd/api-resources.js';
import { scaleCommand } from './cmd/scale.js';
import { waitCommand } from './cmd/wait.js';
import { setImageCommand } from './cmd/set-image.js';

export const COMMANDS: Record<string, Command> = {
  get: getCommand,
  apply: applyCommand,
  create: createCommand,
  delete: deleteCommand,
  label: labelCommand,
  annotate: annotateCommand,
  scale: scaleCommand,
  cordon: cordonCommand,
  uncordon: uncordonCommand,
  expose: exposeCommand,
  describe: describeCommand,
  logs: logsCommand,
  exec: execCommand,
  wait: waitCommand,
  drain: drainCommand,
  patch: patchCommand,
  events: eventsCommand,
  'api-resources': apiResourcesCommand,
};

export const GROUPS: Record<string, Record<string, Command>> = {
  set: { image: setImageCommand },
  rollout: rolloutCommands,
};
