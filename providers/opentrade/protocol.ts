/**
 * OpenTrade Commerce custom payment system protocol (seed 000), every wire format in one place, pure: the
 * GetPaymentParameters call and its PaymentFormAnswer, GetPaymentModes' answer, and the signed step-15 result.
 * Both sides import from here — the adapter and webhook (ours) and the sandbox (the payment system's) — so the
 * two cannot drift apart. Which party sends which message is decided in README.md ("Who is who").
 *
 * Sources: ../../../shared/providers/bigfish-mobilpay-opentrade.md §3 and seed 000. VERIFIED marks what was read
 * there; INFERRED marks our choice where the sources are silent.
 */
export * from './amounts';
export * from './error-codes';
export * from './payment-form-answer';
export * from './payment-modes';
export * from './payment-request';
export * from './result-notification';
export * from './result-signature';

/**
 * The service path the sandbox serves, after OTAPI's (VERIFIED: `http://otapi.net/OtapiWebService2.asmx/<Method>`).
 * A real payment system's service URL is configured whole (`serviceUrl`).
 */
export const SERVICE_PATH = '/OtapiWebService2.asmx';

/** What we answer a verified result with. The expected answer is a GAP; `OK` is INFERRED (common practice). */
export const RESULT_ACKNOWLEDGEMENT = 'OK';
