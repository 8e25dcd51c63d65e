export * from './check-profile';
export * from './errors';
export * from './profile-diff';
export * from './profile-problems';
export * from './profile-versions';
export * from './vehicles';
