import { opentradeProvider } from '../../providers/opentrade';
import { providerContractSuite } from './kit';

// The seed's sample: 500.15 RUB (currency 643), one-stage.
providerContractSuite({ provider: opentradeProvider, amount: 50_015, currency: 'RUB' });
