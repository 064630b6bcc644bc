// The formats live in the carrier catalog; demo seeding, benches and browser tests ask for numbers here.
export { exampleTrackingNumber } from '../../src-shared/domain/tracking/carriers';
