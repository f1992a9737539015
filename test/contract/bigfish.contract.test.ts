import { bigfishProvider } from '../../providers/bigfish';
import { providerContractSuite } from './kit';

// 10 000 Ft: HUF is BIG FISH's home currency, paid in whole forints (1 000 000 minor units, ISO exponent 2).
providerContractSuite({ provider: bigfishProvider, amount: 1_000_000, currency: 'HUF' });
