export * from './shops';
export * from './roles';
export * from './active-shop';
export * from './actor';
export * from './errors';
export * from './invitations';
export * from './members';
export * from './permissions';
