/** Which exit code and which stderr text each kind of error becomes. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PaymentsError, type PaymentsErrorCode } from '../../client/errors';
import { flagForField } from '../../client/cli/commands';
import {
  EXIT,
  UsageError,
  classify,
  renderFailureJson,
  renderFailureText,
} from '../../client/cli/exit-codes';
import { ConfigError } from '../../worker/config';

describe('classify', () => {
  const cases: Array<[PaymentsErrorCode, number]> = [
    ['validation', 1],
    ['conflict', 1],
    ['provider_declined', 1],
    ['not_found', 3],
    ['provider_unavailable', 4],
    ['unavailable', 4],
  ];
  for (const [code, exitCode] of cases) {
    it(`PaymentsError ${code} exits ${exitCode}`, () => {
      const failure = classify(new PaymentsError(code, 'what happened'));
      assert.deepEqual(
        { exitCode: failure.exitCode, code: failure.code, message: failure.message },
        { exitCode, code, message: 'what happened' },
      );
    });
  }

  it('a usage error exits 2 and points at the help', () => {
    const failure = classify(new UsageError('unknown option --x', 'payctl payments show --help'));
    assert.equal(failure.exitCode, EXIT.usage);
    assert.equal(failure.code, 'usage');
    assert.equal(failure.helpCommand, 'payctl payments show --help');
  });

  it('a configuration error exits 2 with the message naming the variable', () => {
    const failure = classify(new ConfigError('invalid configuration:\n  TEMPORAL_ADDRESS: required'));
    assert.equal(failure.exitCode, EXIT.usage);
    assert.equal(failure.code, 'configuration');
    assert.match(failure.message, /TEMPORAL_ADDRESS/);
  });

  it('anything else is unexpected (5), never "refused": nobody knows whether something changed', () => {
    const failure = classify(new TypeError('cannot read properties of undefined'));
    assert.equal(failure.exitCode, EXIT.unexpected);
    assert.equal(failure.code, 'internal');
    assert.equal(failure.message, 'unexpected error: cannot read properties of undefined');
    assert.equal(classify('a string').message, 'unexpected error: a string');
  });
});

describe('rendering', () => {
  const validation = classify(
    new PaymentsError('validation', 'invalid request: refundId: must be 1–64 characters', {
      refundId: 'must be 1–64 characters',
      amount: 'must be greater than 0',
    }),
  );

  it('text is `payctl: <message>`, then each field as the flag the operator typed', () => {
    assert.equal(
      renderFailureText(validation, flagForField),
      [
        'payctl: invalid request: refundId: must be 1–64 characters',
        '  --refund-id: must be 1–64 characters',
        '  --amount: must be greater than 0',
        '',
      ].join('\n'),
    );
  });

  it('names the resolve amounts by their flags', () => {
    assert.equal(flagForField('authorizedAmount'), '--authorized');
    assert.equal(flagForField('capturedAmount'), '--captured');
    assert.equal(flagForField('refundedAmount'), '--refunded');
    assert.equal(flagForField('note'), '--note');
  });

  it('text of a usage error points at the help', () => {
    const failure = classify(new UsageError('missing <orderId>', 'payctl payments show --help'));
    assert.equal(
      renderFailureText(failure, flagForField),
      "payctl: missing <orderId> (see 'payctl payments show --help')\n",
    );
  });

  it('text never carries a stack trace', () => {
    const text = renderFailureText(classify(new Error('boom')), flagForField);
    assert.equal(text, 'payctl: unexpected error: boom\n');
  });

  it('JSON is one object with the stable code, the fields by their API names, and the exit code', () => {
    const text = renderFailureJson(validation);
    assert.ok(text.endsWith('}\n') && !text.slice(0, -1).includes('\n'), 'one line');
    assert.deepEqual(JSON.parse(text), {
      error: {
        code: 'validation',
        message: 'invalid request: refundId: must be 1–64 characters',
        fields: { refundId: 'must be 1–64 characters', amount: 'must be greater than 0' },
        exitCode: 1,
      },
    });
    assert.deepEqual(JSON.parse(renderFailureJson(classify(new PaymentsError('not_found', 'no payment')))), {
      error: { code: 'not_found', message: 'no payment', exitCode: 3 },
    });
  });
});
