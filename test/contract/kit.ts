/**
 * The provider contract test kit: every payment lifecycle a provider's capabilities allow, run against
 * its sandbox, the real gateway and a real Temporal server. A new provider gets the whole suite by
 * calling `providerContractSuite` with its module; only protocol details need tests of their own.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { ProviderModule } from '../../providers/contract';
import type { CaptureMode, PaymentStatus } from '../../domain/payment-types';
import { PaymentsError } from '../../client/errors';
import type { PaymentView } from '../../workflows/payment-definitions';
import { connectTestTemporal, type TestTemporal } from '../support/temporal';
import { startStack, TEST_TIMEOUTS, type Stack } from '../support/stack';
import { waitForPayment } from '../support/wait';

export interface ContractSuiteOptions {
  provider: ProviderModule;
  /** An amount and currency the provider accepts. */
  amount: number;
  currency: string;
  /** Settings on top of the sandbox configuration, to run the suite against another integration mode. */
  configOverrides?: Record<string, unknown>;
  /** Distinguishes several runs of the suite for one provider, e.g. "Gate" and "Payment Page". */
  variant?: string;
}

export function providerContractSuite(options: ContractSuiteOptions): void {
  const { provider, amount, currency, configOverrides, variant } = options;
  const caps = provider.capabilities;

  describe(`${provider.displayName}${variant ? ` (${variant})` : ''} contract`, () => {
    let temporal: TestTemporal;
    let stack: Stack;

    before(async () => {
      temporal = await connectTestTemporal();
      stack = await startStack(temporal, { provider, configOverrides });
    });
    after(async () => {
      await stack?.close();
      await temporal?.close();
    });

    const newOrderId = () => `${provider.name}-${randomUUID().slice(0, 12)}`;
    const request = (orderId: string, captureMode: CaptureMode) => ({
      orderId,
      provider: provider.name,
      amount,
      currency,
      captureMode,
      description: `contract test ${orderId}`,
      customer: { email: 'payer@example.com', phone: '+15550100', ipAddress: '127.0.0.1' },
      returnUrls: { success: 'https://merchant.example/ok', failure: 'https://merchant.example/fail' },
    });

    async function paidPayment(captureMode: CaptureMode): Promise<{ orderId: string; view: PaymentView }> {
      const orderId = newOrderId();
      const created = await stack.payments.createPayment(request(orderId, captureMode));
      assert.ok(created.redirect, 'create returns the redirect in the same round trip');
      await stack.sandbox.actAsPayer(created.redirect, 'approve');
      const expected: PaymentStatus = captureMode === 'two_stage' ? 'authorized' : 'captured';
      const view = await waitForPayment(stack.payments, orderId, (p) => p.status === expected);
      return { orderId, view };
    }

    const ledgerFor = (orderId: string) => stack.sandbox.ledger().filter((e) => e.paymentId === orderId);

    // Faults are global to the sandbox: these run alone, before the concurrent lifecycles.
    describe('with injected faults', () => {
      it(
        'a lost notification is recovered by polling the status API',
        { skip: !caps.statusApi },
        async () => {
          const orderId = newOrderId();
          const mode = caps.captureModes.includes('two_stage') ? 'two_stage' : 'one_stage';
          const expected: PaymentStatus = mode === 'two_stage' ? 'authorized' : 'captured';
          const created = await stack.payments.createPayment(request(orderId, mode));
          stack.sandbox.setFaults({ notificationMode: 'drop' });
          try {
            await stack.sandbox.actAsPayer(created.redirect!, 'approve');
          } finally {
            stack.sandbox.setFaults({ notificationMode: 'normal' });
          }
          const view = await waitForPayment(stack.payments, orderId, (p) => p.status === expected, {
            timeoutMs: TEST_TIMEOUTS.payerTimeoutMs + 15_000,
          });
          assert.ok(view.timeline.some((t) => t.status === expected));
        },
      );

      it('duplicate notifications change nothing twice', async () => {
        const orderId = newOrderId();
        const mode = caps.captureModes.includes('two_stage') ? 'two_stage' : 'one_stage';
        const created = await stack.payments.createPayment(request(orderId, mode));
        stack.sandbox.setFaults({ notificationMode: 'duplicate' });
        try {
          await stack.sandbox.actAsPayer(created.redirect!, 'approve');
        } finally {
          stack.sandbox.setFaults({ notificationMode: 'normal' });
        }
        const view = await waitForPayment(
          stack.payments,
          orderId,
          (p) => p.status !== 'awaiting_payer' && p.status !== 'processing',
        );
        await new Promise((r) => setTimeout(r, 500)); // let the second copy arrive and be handled
        const after = await stack.payments.getPayment(orderId);
        assert.equal(after.authorizedAmount, amount);
        assert.equal(after.timeline.filter((t) => t.status === view.status).length, 1);
      });
    });

    describe('lifecycles', { concurrency: 4 }, () => {
      for (const mode of caps.captureModes) {
        it(`${mode}: the payer pays and the payment lands in ${mode === 'two_stage' ? 'authorized' : 'captured'}`, async () => {
          const { view } = await paidPayment(mode);
          assert.equal(view.authorizedAmount, amount);
          assert.equal(view.capturedAmount, mode === 'one_stage' ? amount : 0);
          assert.ok(view.providerReference, 'the provider reference is recorded');
        });
      }

      it('declined by the provider', async () => {
        const orderId = newOrderId();
        const created = await stack.payments.createPayment(
          request(orderId, caps.captureModes[0] as CaptureMode),
        );
        await stack.sandbox.actAsPayer(created.redirect!, 'decline');
        const view = await waitForPayment(stack.payments, orderId, (p) => p.status === 'declined');
        assert.equal(view.capturedAmount, 0);
        assert.equal(ledgerFor(orderId).length, 0, 'no money moved');
      });

      it('the payer abandons: expired after the payer deadline, never guessed', async () => {
        const orderId = newOrderId();
        const created = await stack.payments.createPayment(
          request(orderId, caps.captureModes[0] as CaptureMode),
        );
        await stack.sandbox.actAsPayer(created.redirect!, 'abandon');
        const view = await waitForPayment(stack.payments, orderId, (p) => p.status === 'expired', {
          timeoutMs: TEST_TIMEOUTS.payerTimeoutMs + 15_000,
        });
        assert.equal(view.authorizedAmount, 0);
      });

      it('a forged notification is rejected and changes nothing', async () => {
        const orderId = newOrderId();
        await stack.payments.createPayment(request(orderId, caps.captureModes[0] as CaptureMode));
        const status = await stack.sandbox.sendForgedNotification(orderId);
        assert.ok(status >= 400 && status < 500, `gateway answered ${status}`);
        const view = await stack.payments.getPayment(orderId);
        assert.equal(view.status, 'awaiting_payer');
        assert.equal(view.authorizedAmount, 0);
      });

      it('creating the same order again returns the same payment; a different body is a conflict', async () => {
        const orderId = newOrderId();
        const mode = caps.captureModes[0] as CaptureMode;
        const first = await stack.payments.createPayment(request(orderId, mode));
        const again = await stack.payments.createPayment(request(orderId, mode));
        assert.deepEqual(again.redirect, first.redirect);
        assert.equal(again.version, first.version);
        await assert.rejects(
          stack.payments.createPayment({ ...request(orderId, mode), amount: amount + 100 }),
          (err: unknown) => err instanceof PaymentsError && err.code === 'conflict',
        );
      });

      if (caps.captureModes.includes('two_stage')) {
        it('two-stage: full capture, then full refund', { skip: caps.refunds === 'none' }, async () => {
          const { orderId } = await paidPayment('two_stage');
          const captured = await stack.payments.capture(orderId);
          assert.equal(captured.status, 'captured');
          assert.equal(captured.capturedAmount, amount);
          const refunded = await stack.payments.refund(orderId, { refundId: `r-${orderId}` });
          assert.equal(refunded.status, 'refunded');
          const moves = ledgerFor(orderId);
          assert.equal(moves.filter((e) => e.kind === 'capture').length, 1, 'one capture in the ledger');
          assert.equal(moves.filter((e) => e.kind === 'refund').length, 1, 'one refund in the ledger');
        });

        it(
          'two-stage: partial capture and two partial refunds',
          { skip: !caps.partialCapture || caps.refunds !== 'partial' || !caps.multipleRefunds },
          async () => {
            const { orderId } = await paidPayment('two_stage');
            const part = Math.floor(amount * 0.6);
            const captured = await stack.payments.capture(orderId, { amount: part });
            assert.equal(captured.capturedAmount, part);
            assert.equal(captured.status, 'partially_captured');
            const first = Math.floor(part / 3);
            await stack.payments.refund(orderId, { amount: first, refundId: `r1-${orderId}` });
            const second = await stack.payments.refund(orderId, {
              amount: part - first,
              refundId: `r2-${orderId}`,
            });
            assert.equal(second.refundedAmount, part);
            assert.equal(second.status, 'refunded');
            // The same refund asked again gets its original answer (like an Idempotency-Key replay), and no money moves.
            const repeated = await stack.payments.refund(orderId, {
              amount: first,
              refundId: `r1-${orderId}`,
            });
            assert.equal(repeated.refundedAmount, first);
            assert.equal((await stack.payments.getPayment(orderId)).refundedAmount, part);
            const refunds = ledgerFor(orderId).filter((e) => e.kind === 'refund');
            assert.deepEqual(
              refunds.map((e) => e.amount).sort((a, b) => a - b),
              [first, part - first].sort((a, b) => a - b),
            );
          },
        );

        it('two-stage: void releases the hold', { skip: !caps.void }, async () => {
          const { orderId } = await paidPayment('two_stage');
          const voided = await stack.payments.void(orderId);
          assert.equal(voided.status, 'voided');
          assert.equal(voided.capturedAmount, 0);
          await assert.rejects(
            stack.payments.capture(orderId),
            (err: unknown) => err instanceof PaymentsError && err.code === 'validation',
          );
        });

        it('two-stage: the validators reject the impossible and record nothing', async () => {
          const { orderId, view } = await paidPayment('two_stage');
          const rejects = async (call: Promise<unknown>, pattern: RegExp) =>
            assert.rejects(
              call,
              (err: unknown) =>
                err instanceof PaymentsError && err.code === 'validation' && pattern.test(err.message),
            );
          await rejects(stack.payments.capture(orderId, { amount: amount + 1 }), /remains authorized/);
          await rejects(
            stack.payments.refund(orderId, { amount: 1, refundId: `early-${orderId}` }),
            /not been captured/,
          );
          await rejects(stack.payments.cancel(orderId), /void the authorization instead/);
          await rejects(
            stack.payments.resolve(orderId, {
              status: 'captured',
              authorizedAmount: 1,
              capturedAmount: 1,
              refundedAmount: 0,
              note: 'x',
            }),
            /needs attention/,
          );
          const unchanged = await stack.payments.getPayment(orderId);
          assert.equal(unchanged.version, view.version, 'rejected commands record nothing');
          assert.equal(unchanged.operations.length, view.operations.length);
          await stack.payments.capture(orderId);
          await rejects(
            stack.payments.refund(orderId, { amount: amount + 1, refundId: `over-${orderId}` }),
            /refundable/,
          );
          if (caps.refunds === 'full_only') {
            await rejects(
              stack.payments.refund(orderId, { amount: 1, refundId: `part-${orderId}` }),
              /full refunds only/,
            );
          }
        });
      }

      it(
        'one-stage: refund',
        { skip: !caps.captureModes.includes('one_stage') || caps.refunds === 'none' },
        async () => {
          const { orderId } = await paidPayment('one_stage');
          const refunded = await stack.payments.refund(orderId, { refundId: `r-${orderId}` });
          assert.equal(refunded.status, 'refunded');
          assert.equal(ledgerFor(orderId).filter((e) => e.kind === 'refund').length, 1);
        },
      );

      it('cancel before the payer pays', async () => {
        const orderId = newOrderId();
        await stack.payments.createPayment(request(orderId, caps.captureModes[0] as CaptureMode));
        const canceled = await stack.payments.cancel(orderId, { reason: 'customer changed their mind' });
        assert.equal(canceled.status, 'canceled');
      });

      const canGiveBack = (mode: CaptureMode) => (mode === 'two_stage' ? caps.void : caps.refunds !== 'none');

      it(
        'the payer pays after a cancel: the operator is told the money cannot go back automatically',
        { skip: canGiveBack(caps.captureModes[0] as CaptureMode) },
        async () => {
          const orderId = newOrderId();
          const created = await stack.payments.createPayment(
            request(orderId, caps.captureModes[0] as CaptureMode),
          );
          await stack.payments.cancel(orderId);
          await stack.sandbox.actAsPayer(created.redirect!, 'approve');
          const view = await waitForPayment(stack.payments, orderId, (p) =>
            p.operations.some((o) => o.id.endsWith('late-payment') && o.status === 'failed'),
          );
          assert.equal(view.status, 'canceled');
          assert.match(
            view.operations.find((o) => o.id.endsWith('late-payment'))?.error ?? '',
            /back office/,
          );
        },
      );

      it(
        'the payer pays after a cancel: the money goes back',
        { skip: !canGiveBack(caps.captureModes[0] as CaptureMode) },
        async () => {
          const orderId = newOrderId();
          const mode = caps.captureModes[0] as CaptureMode;
          const created = await stack.payments.createPayment(request(orderId, mode));
          await stack.payments.cancel(orderId);
          await stack.sandbox.actAsPayer(created.redirect!, 'approve');
          const giveBack = mode === 'two_stage' ? 'void-late-payment' : 'refund-late-payment';
          const view = await waitForPayment(stack.payments, orderId, (p) =>
            p.operations.some((o) => o.id === giveBack && o.status === 'succeeded'),
          );
          assert.equal(view.status, 'canceled');
          const kinds = ledgerFor(orderId).map((e) => e.kind);
          assert.ok(
            kinds.includes(mode === 'two_stage' ? 'release' : 'refund'),
            `ledger: ${kinds.join(', ')}`,
          );
        },
      );

      it('rejects an amount or currency the provider cannot take, before anything is recorded', async () => {
        const limits = caps.amountLimits?.[currency];
        const badCurrency = caps.currencies ? 'JPY' : undefined;
        if (limits) {
          await assert.rejects(
            stack.payments.createPayment({
              ...request(newOrderId(), caps.captureModes[0] as CaptureMode),
              amount: limits.max + 1,
            }),
            (err: unknown) =>
              err instanceof PaymentsError && err.code === 'validation' && err.fields?.amount !== undefined,
          );
        }
        if (badCurrency && !caps.currencies?.includes(badCurrency)) {
          await assert.rejects(
            stack.payments.createPayment({
              ...request(newOrderId(), caps.captureModes[0] as CaptureMode),
              currency: badCurrency,
              amount: 1000,
            }),
            (err: unknown) => err instanceof PaymentsError && err.fields?.currency !== undefined,
          );
        }
        await assert.rejects(
          stack.payments.createPayment({
            ...request(newOrderId(), caps.captureModes[0] as CaptureMode),
            amount: -5,
          }),
          (err: unknown) => err instanceof PaymentsError && err.fields?.amount !== undefined,
        );
      });
    });
  });
}
