import { ecommpayProvider } from '../../providers/ecommpay';
import { providerContractSuite } from './kit';

// The Payment Page in USD: 25.00 USD, inside card-partner's limits (1.00–3,000.00 USD).
providerContractSuite({
  provider: ecommpayProvider,
  amount: 2_500,
  currency: 'USD',
  configOverrides: { integration: 'payment_page' },
  variant: 'Payment Page',
});
