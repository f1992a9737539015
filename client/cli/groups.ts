/**
 * payctl's command groups, `payctl <group> <command>`: the one table that routing and help read, so a
 * command added here is reachable and documented at once.
 */
import { PAYMENTS_COMMANDS, type CommandGroup } from './commands';
import { EVENT_COMMANDS } from './event-commands';
import { RECURRING_COMMANDS } from './recurring-commands';

export const COMMAND_GROUPS: readonly CommandGroup[] = [
  { name: 'payments', summary: 'payments: list, show, and steer one', commands: PAYMENTS_COMMANDS },
  {
    name: 'recurring',
    summary: 'subscriptions: list, show, and steer the schedule',
    commands: RECURRING_COMMANDS,
  },
  { name: 'events', summary: 'merchant notifications: send one again', commands: EVENT_COMMANDS },
];
