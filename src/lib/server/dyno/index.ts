export * from './channel-roles';
export * from './compare-view';
export * from './dyno-query';
export * from './dyno-run';
export * from './dyno-view';
export * from './read-series';
