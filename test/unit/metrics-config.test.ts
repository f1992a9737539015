/** WORKER_METRICS_ADDRESS and GATEWAY_METRICS_TOKEN, the Runtime telemetry built from them, and provider call outcomes. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ApplicationFailure } from '@temporalio/common';
import { FAILURE_TYPES } from '../../domain/errors';
import { ConfigError, loadConfig } from '../../worker/config';
import { outcomeOf } from '../../worker/provider-call-metrics';
import { telemetryOptions } from '../../worker/runtime-telemetry';

const BASE = { PAYLOAD_ENCRYPTION: 'off' };

function refusal(env: Record<string, string>): string {
  try {
    loadConfig({ ...BASE, ...env });
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
    return err.message;
  }
  assert.fail('the configuration was accepted');
}

describe('metrics configuration', () => {
  it('serves worker metrics on 127.0.0.1:9464 unless told otherwise', () => {
    assert.equal(loadConfig(BASE).workerMetricsAddress, '127.0.0.1:9464');
    assert.equal(loadConfig({ ...BASE, WORKER_METRICS_ADDRESS: 'off' }).workerMetricsAddress, undefined);
    for (const address of ['0.0.0.0:9464', '10.1.2.3:1', '[::1]:9464', '[::]:9090']) {
      assert.equal(loadConfig({ ...BASE, WORKER_METRICS_ADDRESS: address }).workerMetricsAddress, address);
    }
  });

  it('refuses a host name or a malformed address, naming the variable, before the SDK would', () => {
    for (const address of ['localhost:9464', '127.0.0.1', '127.0.0.1:99999', '::1:9464', '300.0.0.1:9464']) {
      assert.match(
        refusal({ WORKER_METRICS_ADDRESS: address }),
        /WORKER_METRICS_ADDRESS: must be off or ip:port/,
        address,
      );
    }
  });

  it('takes GATEWAY_METRICS_TOKEN only when it is long enough to be a secret', () => {
    assert.equal(loadConfig(BASE).gateway.metricsToken, undefined);
    const token = 'a'.repeat(32);
    assert.equal(loadConfig({ ...BASE, GATEWAY_METRICS_TOKEN: token }).gateway.metricsToken, token);
    assert.match(refusal({ GATEWAY_METRICS_TOKEN: 'short' }), /GATEWAY_METRICS_TOKEN/);
  });
});

describe('worker Runtime telemetry', () => {
  it('exports Prometheus on the address with seconds, unit and _total suffixes', () => {
    const options = telemetryOptions('127.0.0.1:9464');
    assert.deepEqual(options.metrics, {
      metricPrefix: 'temporal_',
      prometheus: {
        bindAddress: '127.0.0.1:9464',
        countersTotalSuffix: true,
        unitSuffix: true,
        useSecondsForDurations: true,
      },
    });
    assert.ok(options.logging && 'forward' in options.logging, 'native logs still go to pino');
  });

  it('has no metrics exporter when metrics are off', () => {
    assert.equal(telemetryOptions(undefined).metrics, undefined);
  });
});

describe('provider call outcomes', () => {
  it("follow activities/provider-activities.ts's classification", () => {
    const failure = (type: string) => ApplicationFailure.create({ message: 'x', type });
    assert.equal(outcomeOf(failure(FAILURE_TYPES.providerTransient)), 'transient');
    assert.equal(outcomeOf(failure(FAILURE_TYPES.providerFinal)), 'final');
    assert.equal(outcomeOf(failure(FAILURE_TYPES.providerUnknown)), 'unknown');
    assert.equal(outcomeOf(failure('SomethingElse')), 'error');
    assert.equal(outcomeOf(new Error('bug')), 'error');
  });
});
