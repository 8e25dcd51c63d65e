export * from './shops';
export * from './roles';
