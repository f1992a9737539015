/**
 * The `payctl events …` commands: merchant notifications (the events a payment POSTs to the merchant's
 * backend). `payments show` lists them with their delivery; `events redeliver` sends one again when the
 * merchant says it never arrived.
 */
import { eventIdArg, orderIdArg } from './arguments';
import type { PaymentsCommand } from './commands';

export const EVENT_COMMANDS: readonly PaymentsCommand[] = [
  {
    name: 'redeliver',
    summary: "Send a payment's merchant event again and print its delivery",
    positionals: ['orderId', 'eventId'],
    options: {},
    notes: [
      "The event ids are in 'payctl payments show <orderId>' (EVENT ID). The same event is sent, with its " +
        'id, so the merchant can deduplicate it. An open payment sends it itself; for a closed one a small ' +
        'workflow does, with the same signing and retries.',
      'Needs MERCHANT_NOTIFICATION_URL, as the worker has it; without it the command is refused (exit 1).',
    ],
    prepare(line) {
      const orderId = orderIdArg(line.positionals[0] ?? '', line.helpCommand);
      const eventId = eventIdArg(line.positionals[1] ?? '', line.helpCommand);
      return async (payments) => ({
        kind: 'redelivery',
        orderId,
        record: await payments.redeliverNotification(orderId, eventId),
      });
    },
  },
];
