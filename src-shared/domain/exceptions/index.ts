export * from './items';
export * from './priority';
export * from './reasons';
export * from './rules';
export * from './states';
export * from './thresholds';
export * from './workflow';
export * from './zone-time';
