import { mobilpayProvider } from '../../providers/mobilpay';
import { providerContractSuite } from './kit';

// The decrypted IPN sample of the facts (§2.4): 25.00 RON.
providerContractSuite({ provider: mobilpayProvider, amount: 2_500, currency: 'RON' });
