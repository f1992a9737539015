/**
 * Every provider the orchestrator speaks. Adding a provider is one folder under providers/ and one
 * line here; the order fixes each sandbox's port offset (SANDBOX_BASE_PORT + index).
 */
import type { ProviderModule } from './contract';
import { assistProvider } from './assist';
import { bigfishProvider } from './bigfish';
import { ecommpayProvider } from './ecommpay';
import { mobilpayProvider } from './mobilpay';
import { opentradeProvider } from './opentrade';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each module has its own config type
export const PROVIDER_MODULES: readonly ProviderModule<any>[] = [
  assistProvider,
  bigfishProvider,
  opentradeProvider,
  ecommpayProvider,
  mobilpayProvider,
];

export function findProviderModule(name: string): ProviderModule | undefined {
  return PROVIDER_MODULES.find((m) => m.name === name);
}
