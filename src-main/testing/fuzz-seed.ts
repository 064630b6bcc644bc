/**
 * One seed for every fuzz property, so a run is reproducible and npm test stays bounded; set WAYBILL_FUZZ_SEED
 * to explore others (a failure prints its seed and counterexample).
 */
export const FUZZ_SEED = Number(process.env.WAYBILL_FUZZ_SEED ?? 16);
