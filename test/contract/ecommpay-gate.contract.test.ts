import { ecommpayProvider } from '../../providers/ecommpay';
import { providerContractSuite } from './kit';

// Gate in KES: 1,500.00 KES, inside card-partner's limits (10.00–200,000.00 KES).
providerContractSuite({
  provider: ecommpayProvider,
  amount: 150_000,
  currency: 'KES',
  configOverrides: { integration: 'gate' },
  variant: 'Gate',
});
