import { assistProvider } from '../../providers/assist';
import { providerContractSuite } from './kit';

// The seed's example: order A20042011_28 for 237.40 USD, two-stage.
providerContractSuite({ provider: assistProvider, amount: 23_740, currency: 'USD' });
