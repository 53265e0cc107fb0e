/** Public face of the IPC contract. */
export * from './define';
export * from './contract';
export * from './api-types';
