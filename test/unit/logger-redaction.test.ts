/**
 * The process logger never writes secrets, credentials or personal data, whether they sit under a
 * known key, inside a message, deep in a logged object or in an error: the assertions read the raw
 * output lines, exactly what would reach a log store.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger } from '../../worker/logger';
import { maskText } from '../../worker/log-masking';

const SECRETS = {
  password: 'hunter2-password-value',
  secretWord: 'assist-secret-word-value',
  apiKey: 'bigfish-api-key-value',
  token: 'codec-token-value-0123456789',
  bearer: 'Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig',
  cookie: 'session=cookie-value',
};
const PANS = ['4111111111111111', '4111 1111 1111 1111', '5555-5555-5555-4444', '378282246310005'];
const EMAILS = ['payer@example.com', 'first.last+tag@mail.example.co.uk'];
const PHONES = ['+15550100', '+40 721 234 567', '(555) 010-0199', '+44-20-7946-0958'];

function capture(): { logger: ReturnType<typeof createLogger>; output: () => string } {
  let written = '';
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written += chunk.toString('utf8');
      done();
    },
  });
  const logger = createLogger({ level: 'trace', name: 'redaction-test', destination });
  return { logger, output: () => written };
}

function assertAbsent(output: string, values: readonly string[]): void {
  for (const value of values) assert.ok(!output.includes(value), `"${value}" reached the log:\n${output}`);
}

describe('logger redaction', () => {
  it('censors values under sensitive keys, nested and in request headers', () => {
    const { logger, output } = capture();
    logger.info({ password: SECRETS.password, config: { secretWord: SECRETS.secretWord } }, 'config');
    logger.info({ provider: { settings: { apiKey: SECRETS.apiKey } }, token: SECRETS.token }, 'nested');
    logger.info({ req: { headers: { authorization: SECRETS.bearer, cookie: SECRETS.cookie } } }, 'request');
    logger.info({ headers: { authorization: SECRETS.bearer } }, 'outgoing');
    assertAbsent(output(), Object.values(SECRETS));
    assert.match(output(), /\[redacted\]/);
  });

  it('masks card numbers, e-mails and phones inside messages and interpolated values', () => {
    const { logger, output } = capture();
    for (const pan of PANS) logger.warn(`provider echoed the card ${pan} in its error`);
    logger.info('payer %s called from %s', EMAILS[0], PHONES[0]);
    logger.error(`notification for ${EMAILS[1]} (${PHONES[1]}, ${PHONES[2]}, ${PHONES[3]})`);
    assertAbsent(output(), [...PANS, ...EMAILS, ...PHONES]);
    assert.match(output(), /\[card\]/);
    assert.match(output(), /\[email\]/);
    assert.match(output(), /\[phone\]/);
  });

  it('masks them anywhere in a logged object, under any key', () => {
    const { logger, output } = capture();
    logger.info(
      {
        reason: `declined for ${PANS[1]}`,
        detail: { lines: [`contact ${EMAILS[0]}`, `or call ${PHONES[2]}`], note: { deeper: PANS[2] } },
        url: `/v1/payments?email=${encodeURIComponent(EMAILS[0] as string)}`,
      },
      'provider answer',
    );
    assertAbsent(output(), [...PANS, ...EMAILS, ...PHONES, encodeURIComponent(EMAILS[0] as string)]);
  });

  it('masks an error message and stack, logged as err or as the only argument', () => {
    const { logger, output } = capture();
    const err = new Error(`charge refused for ${PANS[0]} of ${EMAILS[0]}`);
    logger.error({ err }, 'charge failed');
    logger.error(err);
    assertAbsent(output(), [PANS[0] as string, EMAILS[0] as string]);
    assert.match(output(), /"type":"Error"/, 'the error is still serialized');
  });

  it('keeps what operators need: ids, amounts, dates, addresses, times', () => {
    const { logger, output } = capture();
    logger.info(
      {
        orderId: 'A20042011_28',
        paymentId: 'payment-chaos-000123',
        amount: 23740,
        amountText: '237.40 USD',
        at: '2024-01-31T12:30:00.000Z',
        day: '2024-01-31 12',
        sourceIp: '203.0.113.7',
        startedAt: 1795345035904,
        eventId: 'assist:9876543210:Approved:2024-01-31 12:30:00',
      },
      'payment captured',
    );
    const line = output();
    for (const kept of ['A20042011_28', 'payment-chaos-000123', '237.40 USD', '2024-01-31T12:30:00.000Z']) {
      assert.ok(line.includes(kept), `${kept} was masked: ${line}`);
    }
    for (const kept of ['"day":"2024-01-31 12"', '203.0.113.7', '1795345035904', '9876543210']) {
      assert.ok(line.includes(kept), `${kept} was masked: ${line}`);
    }
  });

  it('maskText: a card written next to other numbers is still found; non-Luhn digits are kept', () => {
    assert.equal(maskText('pan 4111 1111 1111 1111 12 25'), 'pan [card] 12 25');
    assert.equal(maskText('ref 4111111111111112'), 'ref 4111111111111112');
    assert.equal(maskText('mail x@y.io'), 'mail [email]');
    assert.equal(maskText('no digits here'), 'no digits here');
  });

  it('leaves the logged object itself untouched', () => {
    const { logger } = capture();
    const payload = { reason: `card ${PANS[0]}`, nested: { email: EMAILS[0] } };
    logger.info(payload, 'masked copy only');
    assert.equal(payload.reason, `card ${PANS[0]}`);
    assert.equal(payload.nested.email, EMAILS[0]);
  });
});
